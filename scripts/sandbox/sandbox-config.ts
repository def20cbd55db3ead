/**
 * The sandbox's few settings (PORT, HOST, LOG_LEVEL, TICKET_RATE_LIMIT_PER_MINUTE). It never reads a credential: its keys are generated at start.
 * It refuses to start where a live deployment may be (NODE_ENV=production, or any real credential setting present),
 * so a live deployment can never silently become the sandbox.
 */
import { CREDENTIAL_SETTINGS, ConfigError, type HttpConfig } from '../relay/src/config.js';

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function loadSandboxHttpConfig(env: Env = process.env): HttpConfig {
    const problems: string[] = [];
    const set = (key: string) => (env[key] ?? '').trim() !== '';
    if ((env['NODE_ENV'] ?? '').trim() === 'production')
        problems.push('NODE_ENV=production: the sandbox never runs in production (the live relay is npm run relay)');
    const present = CREDENTIAL_SETTINGS.filter(set);
    if (present.length > 0)
        problems.push(
            `${present.join(', ')} ${present.length === 1 ? 'is' : 'are'} set: the sandbox refuses to start next to real credentials (the live relay is npm run relay; unset them for the sandbox)`,
        );
    const portRaw = (env['PORT'] ?? '').trim();
    const port = portRaw === '' ? 3000 : Number(portRaw);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
        problems.push('PORT must be an integer between 0 and 65535');
    const rateRaw = (env['TICKET_RATE_LIMIT_PER_MINUTE'] ?? '').trim();
    const ticketRateLimitPerMinute = rateRaw === '' ? 60 : Number(rateRaw);
    if (
        !Number.isInteger(ticketRateLimitPerMinute) ||
        ticketRateLimitPerMinute < 1 ||
        ticketRateLimitPerMinute > 100_000
    )
        problems.push('TICKET_RATE_LIMIT_PER_MINUTE must be an integer between 1 and 100000');
    const logLevel = (env['LOG_LEVEL'] ?? '').trim() || 'info';
    if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
    if (problems.length > 0) throw new ConfigError(problems);
    return {
        port,
        // Loopback unless told otherwise; the Host-header check still admits only loopback names and this HOST.
        host: (env['HOST'] ?? '').trim() || '127.0.0.1',
        apiKey: '', // replaced by the sandbox's generated key
        corsOrigins: [],
        logLevel,
        ticketRateLimitPerMinute,
        bodyLimitBytes: 65_536,
        trustProxy: false,
    };
}
