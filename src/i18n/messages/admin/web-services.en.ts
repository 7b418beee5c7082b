/** The Admin Console's words: options → Web services (api-tokens.pages.tsx). */
export const webServicesEn = {
  'admin.webServices.tokenName': 'Token name',
  'admin.webServices.scopes': 'Scopes',
  'admin.webServices.allowedAddresses': 'Allowed addresses',
  'admin.webServices.newToken': 'New token: {name}',
  'admin.webServices.copyNow':
    'Copy this token now. Quire stores only a hash of it, so it will not be shown again; if it is lost, revoke it and create another.',
  'admin.webServices.howToUse':
    'Give it as the first argument of every XML-RPC call ({rpcPath}), or send it as {header} to the REST API ({apiPath}).',
  'admin.webServices.noTokens': 'No API tokens yet.',
  'admin.webServices.tokenNameHint': 'Who or what uses it, such as "provisioning script". Unique.',
  'admin.webServices.createSubmit': 'Create token',
  'admin.webServices.title': 'Web services',
  'admin.webServices.tokens': 'API tokens',
  'admin.webServices.tokensIntro':
    'Scripts call the PaperCut-compatible XML-RPC web services and the REST API with a token. Each token has scopes that limit what it may do; revoke a token that is no longer needed or may have leaked.',
  'admin.webServices.create': 'Create a token',
  'admin.webServices.addressesIntro':
    'XML-RPC web services calls are accepted only from these addresses, whatever the token. The REST API is limited by token scopes only.',
  'admin.webServices.addressesHint':
    'Separated by commas or line breaks: IPv4 or IPv6 addresses (192.168.1.20, 2001:db8::20), ranges (192.168.1.0/24, fd00::/8), or * for any address. The default, 127.0.0.1, ::1, allows this server only. Empty: no one.',
  'admin.webServices.saveAddresses': 'Save allowed addresses',
} as const;
