import type { RelayServices } from '../services/container.js';

/** Options every route plugin receives. */
export interface RouteOptions {
    services: RelayServices;
}
