import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { CommandExecutor } from './command-executor';
import { EtagInterceptor } from './etag.interceptor';

/**
 * CommandExecutor for every controller of the app, and ETags on responses that carry a revision.
 * Needs PlatformModule (CLOCK, ID_SOURCE) and LedgerModule (EVENT_STORE).
 */
@Global()
@Module({
  providers: [CommandExecutor, { provide: APP_INTERCEPTOR, useClass: EtagInterceptor }],
  exports: [CommandExecutor],
})
export class CommandHttpModule {}
