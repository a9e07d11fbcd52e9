import { Global, Inject, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { JobRegistry } from '../jobs/job-registry';
import { createMailer, MAILER, Mailer } from './mailer';
import { NotificationDeliveryService } from './notification-delivery.service';
import { NotificationsController } from './notifications.controller';
import { isSendNotificationPayload, NotificationsService, SEND_NOTIFICATION_JOB } from './notifications.service';

@Global()
@Module({
  controllers: [NotificationsController],
  providers: [
    NotificationsService,
    NotificationDeliveryService,
    { provide: MAILER, inject: [AppConfig], useFactory: (config: AppConfig): Mailer => createMailer(config) },
  ],
  exports: [NotificationsService, MAILER],
})
export class NotificationsModule implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly registry: JobRegistry,
    private readonly delivery: NotificationDeliveryService,
    @Inject(MAILER) private readonly mailer: Mailer,
  ) {}

  onModuleInit(): void {
    this.registry.register(SEND_NOTIFICATION_JOB, {
      handle: async (payload, context) => {
        // A malformed payload cannot become valid by retrying: fail the job for good, with why.
        if (!isSendNotificationPayload(payload)) {
          this.logger.error(`Tâche ${context.jobId} : charge utile invalide : ${JSON.stringify(payload)}`);
          return { permanentFailure: `Charge utile invalide / invalid payload: ${JSON.stringify(payload)}` };
        }
        return this.delivery.deliver(payload.notificationId, context.attempt, context.maxAttempts);
      },
    });
  }

  /** After the job workers have stopped (onModuleDestroy), so no send is cut short. */
  onApplicationShutdown(): void {
    this.mailer.close();
  }
}
