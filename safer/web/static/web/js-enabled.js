// Loaded synchronously at the top of <body> so GOV.UK Frontend's JS-only styles apply before first paint.
// It is a file, not an inline script, because public pages are cached and shared: they carry no CSP nonce.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
