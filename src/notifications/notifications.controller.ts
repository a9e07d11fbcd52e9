import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../common/auth/actor';
import { CurrentActor, RequirePermission } from '../common/auth/decorators';
import { Page } from '../common/util/pagination';
import { NotificationDto, NotificationPage, NotificationsQuery } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('Notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOkResponse({ type: NotificationPage })
  @RequirePermission('notifications:read')
  @ApiOperation({
    summary: 'Courriels envoyés',
    description:
      'Qui a reçu quoi, quand, et où en est l’envoi ; les plus récents d’abord, filtrables par entité, destinataire et statut. ' +
      'Avant la date limite, les courriels qui diraient qui détient une proposition (addenda, réponses, annulation) restent cachés.',
  })
  list(@CurrentActor() actor: Actor, @Query() query: NotificationsQuery): Promise<Page<NotificationDto>> {
    return this.notifications.list(actor, query);
  }
}
