// Picks the event-bus adapter from configuration: Kafka when KAFKA_BROKERS is set.
import type { Config } from '../config/env.ts';
import type { Logger } from '../observability/logger.ts';
import type { EventBus } from './event-bus.ts';
import { InProcessEventBus } from './in-process-bus.ts';
import { KafkaEventBus } from './kafka-bus.ts';

export function createEventBus(config: Config, logger: Logger): EventBus {
  if (config.kafkaBrokers) {
    return new KafkaEventBus({
      brokers: config.kafkaBrokers,
      clientId: config.kafkaClientId,
      topicPrefix: config.kafkaTopicPrefix,
      logger: logger.child({ component: 'kafka' }),
    });
  }
  return new InProcessEventBus({ logger: logger.child({ component: 'bus' }) });
}
