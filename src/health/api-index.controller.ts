import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/auth/decorators';
import { AppConfig } from '../config/app-config';

export class ApiIndexView {
  @ApiProperty({ example: 'Échanges' }) name: string;
  @ApiProperty() description: string;
  @ApiProperty({ example: '/api/v1' }) api: string;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'Documentation de l’API (null si désactivée)' })
  documentation: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) openapi: string | null;
  @ApiProperty({ description: 'Application web' }) webApp: string;
  @ApiProperty() health: string;
}

/** What `GET /api/v1` (and `GET /` without the built web app) answers: the way in. */
export function apiIndex(config: Pick<AppConfig, 'OPENAPI_ENABLED' | 'PUBLIC_WEB_URL'>): ApiIndexView {
  return {
    name: 'Échanges',
    description:
      'Marché des petits contrats publics du Québec : API HTTP. / Québec’s micro-procurement marketplace: HTTP API.',
    api: '/api/v1',
    documentation: config.OPENAPI_ENABLED ? '/api/docs' : null,
    openapi: config.OPENAPI_ENABLED ? '/api/docs/openapi.json' : null,
    webApp: config.PUBLIC_WEB_URL,
    health: '/health/ready',
  };
}

@ApiTags('Santé')
@Controller()
export class ApiIndexController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @Public()
  @ApiOperation({
    summary: 'Point d’entrée de l’API',
    description: 'Où trouver la documentation et l’application web. / Where the documentation and the web app are.',
  })
  @ApiOkResponse({ type: ApiIndexView })
  index(): ApiIndexView {
    return apiIndex(this.config);
  }
}
