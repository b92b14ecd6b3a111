/**
 * Advisories against production dependencies that do not apply to this connector, by GitHub advisory ID
 * (`GHSA-xxxx-xxxx-xxxx`), each with the reason it does not apply. `npm test` fails on any other advisory.
 */
export const AUDIT_EXCEPTIONS: Readonly<Record<string, string>> = {};
