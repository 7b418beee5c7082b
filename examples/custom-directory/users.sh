#!/bin/sh
# Example custom user directory program for Quire (PaperCut NG/MF-compatible protocol).
#
# Usage: users.sh - VERB [ARGS...]
#   is-valid                      prints Y when the users file can be read
#   all-users                     one tab-separated user line per user
#   all-groups                    one group name per line
#   group-member-names GROUP      one username per line
#   group-members GROUP           user lines of the group's members
#   get-user-details              reads a username on stdin, prints its user line
#   is-user-in-group GROUP USER   prints Y or N
#
# Users come from QUIRE_EXAMPLE_USERS_FILE (default: users.tsv beside this script), lines:
#   username<TAB>full name<TAB>email<TAB>department<TAB>office<TAB>card[<TAB>other emails<TAB>card 2<TAB>alias<TAB>home<TAB>PIN]
# Groups come from QUIRE_EXAMPLE_GROUPS_FILE (default: groups.tsv beside this script), lines:
#   group<TAB>member1,member2
# Blank lines and lines starting with # are ignored.
#
# Arguments reach awk through ENVIRON, never through the program text or -v (which would
# interpret backslashes), so names holding quotes, spaces or ";" are matched literally.
set -u

here=$(cd "$(dirname "$0")" && pwd)
users_file=${QUIRE_EXAMPLE_USERS_FILE:-$here/users.tsv}
groups_file=${QUIRE_EXAMPLE_GROUPS_FILE:-$here/groups.tsv}

# The first argument is PaperCut's placeholder "-".
[ "$#" -ge 1 ] && shift
verb=${1:-}

fail() {
  echo "users.sh: $*" >&2
  exit 1
}

# Prints data lines of a file: no blanks, no comments.
data() {
  awk '/^[[:space:]]*$/ || /^#/ { next } { print }' "$1"
}

# Prints the members of group $GROUP, one per line.
members() {
  [ -r "$groups_file" ] || return 0
  GROUP=$1 awk 'BEGIN { FS = "\t" }
    /^#/ { next }
    $1 == ENVIRON["GROUP"] {
      n = split($2, names, ",")
      for (i = 1; i <= n; i++) {
        name = names[i]
        gsub(/^[[:space:]]+|[[:space:]]+$/, "", name)
        if (name != "") print name
      }
    }' "$groups_file"
}

case "$verb" in
  is-valid)
    if [ -r "$users_file" ]; then echo Y; else echo N; fail "cannot read $users_file"; fi
    ;;
  all-users)
    [ -r "$users_file" ] || fail "cannot read $users_file"
    data "$users_file"
    ;;
  all-groups)
    [ -r "$groups_file" ] || exit 0
    awk 'BEGIN { FS = "\t" } /^[[:space:]]*$/ || /^#/ { next } { print $1 }' "$groups_file"
    ;;
  group-member-names)
    [ "$#" -eq 2 ] || fail "usage: users.sh - group-member-names GROUP"
    members "$2"
    ;;
  group-members)
    [ "$#" -eq 2 ] || fail "usage: users.sh - group-members GROUP"
    [ -r "$users_file" ] || fail "cannot read $users_file"
    MEMBERS=$(members "$2") awk 'BEGIN {
        FS = "\t"
        n = split(ENVIRON["MEMBERS"], names, "\n")
        for (i = 1; i <= n; i++) wanted[names[i]] = 1
      }
      /^#/ { next }
      $1 != "" && ($1 in wanted) { print }' "$users_file"
    ;;
  get-user-details)
    [ -r "$users_file" ] || fail "cannot read $users_file"
    IFS= read -r username || [ -n "$username" ] || fail "expected a username on stdin"
    USERNAME=$username awk 'BEGIN { FS = "\t"; found = 1 }
      /^#/ { next }
      $1 != "" && tolower($1) == tolower(ENVIRON["USERNAME"]) { print; found = 0; exit }
      END { exit found }' "$users_file" || fail "no such user"
    ;;
  is-user-in-group)
    [ "$#" -eq 3 ] || fail "usage: users.sh - is-user-in-group GROUP USER"
    MEMBERS=$(members "$2") USERNAME=$3 awk 'BEGIN {
        n = split(ENVIRON["MEMBERS"], names, "\n")
        for (i = 1; i <= n; i++) if (tolower(names[i]) == tolower(ENVIRON["USERNAME"])) { print "Y"; exit }
        print "N"
      }'
    ;;
  *)
    fail "unknown verb \"$verb\""
    ;;
esac
