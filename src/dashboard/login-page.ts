// The login page of --auth-token-file: one form posting the token.
export function loginPage(failed: boolean): string {
  const error = failed ? '<p class="error" role="alert">That token is not valid.</p>' : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in · Rollouts</title><link rel="stylesheet" href="/static/app.css"></head>
<body><main class="login"><h1>Rollouts dashboard</h1>
<form method="post" action="/login">
<label for="token">Access token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
${error}<button type="submit" class="btn primary">Sign in</button>
</form></main></body></html>`;
}
