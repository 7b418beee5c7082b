#!/bin/sh
# Example custom authentication program for Quire (PaperCut NG/MF-compatible protocol).
#
# Reads "username<newline>password<newline>" on stdin. Prints "OK<newline><username>" (the
# canonical, lower-case username) when the pair matches a line of the passwords file, otherwise
# "ERROR". Usernames compare case-insensitively, passwords exactly.
#
# Passwords come from QUIRE_EXAMPLE_PASSWORDS_FILE (default: passwords.tsv beside this script),
# lines "username<TAB>password". This is a demonstration of the protocol only: a real program
# checks a real system (PAM, a database with password hashes…), never a plain-text file.
#
# The password travels only through stdin and awk's environment, never the command line (which
# any local user can read with ps), and is never printed.
set -u

here=$(cd "$(dirname "$0")" && pwd)
passwords_file=${QUIRE_EXAMPLE_PASSWORDS_FILE:-$here/passwords.tsv}

refuse() {
  echo ERROR
  exit 1
}

username=''
password=''
IFS= read -r username || true
IFS= read -r password || true
# An empty password never matches, even against a line with an empty password field.
[ -n "$username" ] && [ -n "$password" ] || refuse
[ -r "$passwords_file" ] || { echo "auth.sh: cannot read $passwords_file" >&2; refuse; }

canonical=$(USERNAME=$username PASSWORD=$password awk 'BEGIN { FS = "\t" }
  /^#/ { next }
  $1 != "" && $2 != "" && tolower($1) == tolower(ENVIRON["USERNAME"]) && $2 == ENVIRON["PASSWORD"] {
    print tolower($1)
    exit
  }' "$passwords_file")

[ -n "$canonical" ] || refuse
printf 'OK\n%s\n' "$canonical"
