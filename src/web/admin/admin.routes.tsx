import type { FastifyInstance } from 'fastify';
import type { RouteContext } from '../server.js';

export function registerAdminRoutes(_server: FastifyInstance, _context: RouteContext): void {}
