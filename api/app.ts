// Builds the Fastify app: zod request/response schemas, OpenAPI at /docs, JSON errors, correlation
// ids, health. Feature routes register here as later rooms add them.
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Database } from '../db/database.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { Logger } from '../observability/logger.ts';
import { registerCorrelation } from './correlation.ts';
import { errorBody, handleError } from './errors.ts';
import { registerHealthRoutes, type Readiness } from './health-routes.ts';
import { registerMetricsRoutes } from './metrics-routes.ts';
import { registerOutboxRoutes } from './outbox-routes.ts';
import { registerTicketRoutes } from './ticket-routes.ts';
import { registerBookingRoutes } from './booking-routes.ts';
import { registerSimulatorRoutes } from './simulator-routes.ts';
import { registerSimulatorPage } from './simulator-page.ts';
import { registerChatRoutes } from './chat-routes.ts';
import { registerTwilioRoutes, type TwilioWebhookOptions } from './twilio-routes.ts';
import type { BookingDeps } from '../booking/dispatch.ts';
import { DEFAULT_BOOKING_POLICY } from '../domain/booking-policy.ts';
import { apiKeyAuth, type AuthOptions } from './auth.ts';
import { createMetrics, type Metrics } from '../observability/metrics.ts';
import { registerMcpRoutes } from '../mcp/http.ts';

export interface AppDeps {
  db: Database;
  bus: EventBus;
  logger: Logger;
  readiness: Readiness;
  /** The process's metrics registry; a private one is made when absent (tests). */
  metrics?: Metrics;
  auth?: AuthOptions;
  /** Booking policy and metrics for the manual booking endpoints (defaults: the standard policy). */
  booking?: BookingDeps;
  /** Serve /simulator routes: only while SMS go to the local transport. */
  simulator?: boolean;
  /** Checks Twilio webhook signatures; without an auth token every webhook is refused. */
  twilio?: TwilioWebhookOptions;
}

/** The app type every route module receives: zod schemas drive validation and types. */
export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export const MAX_BODY_BYTES = 64 * 1024;

export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: 'api' }) as FastifyBaseLogger,
    bodyLimit: MAX_BODY_BYTES,
    // Unknown fields are an error, not silently dropped (zod objects are strict where it matters).
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(errorBody('not_found', `No route for ${request.method} ${request.url}.`)),
  );
  registerCorrelation(app);
  app.decorateRequest('principal', null);

  await app.register(swagger, {
    openapi: {
      info: { title: 'Fixline API', version: '0.1.0', description: 'Property-maintenance line.' },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const auth = apiKeyAuth(deps.db, deps.auth);
  registerHealthRoutes(app, deps);
  registerMetricsRoutes(app, deps.db, deps.metrics ?? createMetrics({ defaultMetrics: false }));
  registerTicketRoutes(app, deps.db, auth);
  registerOutboxRoutes(app, deps.db, auth);
  const booking = deps.booking ?? { policy: DEFAULT_BOOKING_POLICY };
  registerBookingRoutes(app, deps.db, auth, booking);
  registerMcpRoutes(app, { prisma: deps.db.prisma, pool: deps.db.pool, booking, logger: deps.logger }, auth);
  if (deps.simulator) registerSimulatorRoutes(app, deps.db, auth);
  if (deps.simulator) registerSimulatorPage(app, deps.db, auth);
  registerChatRoutes(app, deps.db, auth);
  await registerTwilioRoutes(app, deps.db, deps.twilio ?? { authToken: undefined, publicBaseUrl: '' });
  return app;
}
