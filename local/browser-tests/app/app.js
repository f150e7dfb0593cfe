// A front end as the README shows it: a standard OIDC client library (oidc-client-ts) pointed at the
// local managed login, then the REST API called with the ID token (the local authorizer, like API
// Gateway's Cognito authorizer without scopes, takes ID tokens).
const config = await (await fetch('/config.json')).json();
const manager = new oidc.UserManager({
  authority: config.authority,            // http://127.0.0.1:9230: discovery at /.well-known/openid-configuration
  client_id: config.clientId,             // .local/cognito.json's clientId
  redirect_uri: location.origin + '/',    // one of the app client's callback URLs (LOCAL_CALLBACK_URLS)
  response_type: 'code',                  // with PKCE S256, which oidc-client-ts always sends
  scope: 'openid email profile',
  loadUserInfo: true,                     // GET /oauth2/userInfo with the access token
});
const status = document.getElementById('status');
const me = document.getElementById('me');

async function showUser(user) {
  status.textContent = `Signed in as ${user.profile.email}.`;
  document.getElementById('sign-in').hidden = true;
  document.getElementById('sign-out').hidden = false;
  const response = await fetch(config.apiUrl + '/users/me', {headers: {Authorization: 'Bearer ' + user.id_token}});
  me.textContent = JSON.stringify({status: response.status, body: await response.json()}, null, 2);
  me.dataset.status = String(response.status);
}

document.getElementById('sign-in').addEventListener('click', () => manager.signinRedirect({state: {from: 'example'}}));
document.getElementById('sign-out').addEventListener('click', async () => {
  await manager.removeUser();
  // Cognito's discovery document names no end_session_endpoint: apps call /logout themselves
  location.href = `${config.authority}/logout?client_id=${encodeURIComponent(config.clientId)}`
    + `&logout_uri=${encodeURIComponent(location.origin + '/')}`;
});

try {
  if (new URLSearchParams(location.search).has('code') || new URLSearchParams(location.search).has('error')) {
    const user = await manager.signinRedirectCallback();
    history.replaceState({}, '', '/');
    await showUser(user);
  } else {
    const user = await manager.getUser();
    if (user && !user.expired) await showUser(user);
  }
} catch (error) {
  status.textContent = 'Sign-in failed: ' + error.message;
  status.dataset.error = error.message;
}
