/** Fixed credentials for the benchmark's local fakes (never real). */
export const BENCH = {
    sdkAppId: 1400099999,
    secretKey: 'bench-secret-key-not-real-0123456789abcdef',
    admin: 'administrator',
    apiKey: 'bench-relay-api-key-not-real-0123456789',
    sfClientId: 'bench-client',
    sfClientSecret: 'bench-client-secret',
} as const;
