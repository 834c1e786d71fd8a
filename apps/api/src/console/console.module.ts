import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';
import { DevSignInController } from './dev-sign-in.controller';

/**
 * The web console for approvers, inspectors and supervisors (apps/console): its static files at
 * /console and the development sign-in. The console reads and writes only through the HTTP API.
 */
@Module({ controllers: [ConsoleController, DevSignInController] })
export class ConsoleModule {}
