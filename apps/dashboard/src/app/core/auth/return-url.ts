/**
 * The returnUrl query parameter is attacker-controllable (a crafted link to /login); only plain
 * in-app paths are honoured, so it can never point the router at another origin.
 */
export function safeReturnUrl(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
    return '/inbox';
  }
  if (value.startsWith('/login')) {
    return '/inbox';
  }
  return value;
}
