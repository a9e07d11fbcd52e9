import { Global, Module } from '@nestjs/common';
import { AccessService } from './access.service';

/** Resource-level access checks, available to every module. */
@Global()
@Module({
  providers: [AccessService],
  exports: [AccessService],
})
export class AccessModule {}
