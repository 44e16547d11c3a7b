// A role is a part of the service that can run in its own process (`--roles api,relay,workers`).
// Each role starts with the shared resources and returns how to stop it; stop order is reverse.
import type { App } from '../api/app.ts';
import type { Config, Role } from '../config/env.ts';
import type { Database } from '../db/database.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../observability/logger.ts';
import type { Readiness } from '../api/health-routes.ts';
import { buildApp } from '../api/app.ts';

export interface RoleContext {
  config: Config;
  db: Database;
  bus: EventBus;
  logger: Logger;
  readiness: Readiness;
}

export interface RunningRole {
  role: Role;
  /** What the start-up line says about it, e.g. the address it listens on. */
  detail: string;
  /** Stop taking new work, finish what is in flight, release resources. */
  stop(): Promise<void>;
  app?: App;
}

export type RoleStarter = (ctx: RoleContext) => Promise<RunningRole>;

export const startApiRole: RoleStarter = async (ctx) => {
  const app = await buildApp(ctx);
  const address = await app.listen({ host: ctx.config.host, port: ctx.config.port });
  return { role: 'api', detail: address, app, stop: () => app.close() };
};

/** The starters for each role. Roles whose work lands in later modules register here. */
export const ROLE_STARTERS: Partial<Record<Role, RoleStarter>> = {
  api: startApiRole,
};
