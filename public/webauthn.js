// Security keys and passkeys (WebAuthn) for Quire's two-factor sign-in. A form marked
// data-webauthn="create" (add a key) or "get" (sign in with one) holds the server's options as
// JSON in data-options; on submit this asks the browser's authenticator, puts its answer in the
// form's hidden "response" field as JSON and sends the form. Served from /static (no inline
// script: the CSP allows only this site's files). Without this script the button stays disabled.
'use strict';

(function () {
  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
    var binary = atob(base64 + '==='.slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = '';
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  function withIds(list) {
    return (list || []).map(function (item) {
      return { id: toBytes(item.id), type: item.type || 'public-key', transports: item.transports };
    });
  }

  function creationOptions(json) {
    var options = Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      user: Object.assign({}, json.user, { id: toBytes(json.user.id) }),
      excludeCredentials: withIds(json.excludeCredentials),
    });
    delete options.hints;
    return options;
  }

  function requestOptions(json) {
    var options = Object.assign({}, json, {
      challenge: toBytes(json.challenge),
      allowCredentials: withIds(json.allowCredentials),
    });
    delete options.hints;
    return options;
  }

  function responseJson(credential) {
    var r = credential.response;
    var response = { clientDataJSON: toBase64url(r.clientDataJSON) };
    if (r.attestationObject) {
      response.attestationObject = toBase64url(r.attestationObject);
      response.transports = r.getTransports ? r.getTransports() : [];
    } else {
      response.authenticatorData = toBase64url(r.authenticatorData);
      response.signature = toBase64url(r.signature);
      if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
    }
    return JSON.stringify({
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      response: response,
      clientExtensionResults: credential.getClientExtensionResults(),
      authenticatorAttachment: credential.authenticatorAttachment || undefined,
    });
  }

  var forms = document.querySelectorAll('form[data-webauthn]');
  if (!window.PublicKeyCredential) return;
  forms.forEach(function (form) {
    var button = form.querySelector('button[type="submit"]');
    var notice = form.querySelector('.webauthn-needs-script');
    if (notice) notice.hidden = true;
    if (button) button.disabled = false;
    form.addEventListener('submit', function (event) {
      if (form.dataset.answered === 'yes') return;
      // A required field left empty (the key's name): the form goes as it is and the server says
      // what is missing. Asking the key first would leave a credential on it that Quire refuses to
      // keep — and a security key holds only a few resident ones.
      var missing = Array.prototype.some.call(form.querySelectorAll('input[required]'), function (input) {
        return input.value.trim() === '';
      });
      if (missing) return;
      event.preventDefault();
      var json = JSON.parse(form.dataset.options);
      var ask =
        form.dataset.webauthn === 'create'
          ? navigator.credentials.create({ publicKey: creationOptions(json) })
          : navigator.credentials.get({ publicKey: requestOptions(json) });
      ask.then(
        function (credential) {
          form.querySelector('input[name="response"]').value = responseJson(credential);
          form.dataset.answered = 'yes';
          form.submit();
        },
        function () {
          // Cancelled or refused: the form is sent with no answer, and the page says so.
          form.dataset.answered = 'yes';
          form.submit();
        },
      );
    });
  });
})();
