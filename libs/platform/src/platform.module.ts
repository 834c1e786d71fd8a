import { type DynamicModule, Global, Module } from '@nestjs/common';
import { type Clock, CLOCK, SystemClock } from './clock';
import type { AppConfig } from './config';
import { ID_SOURCE, type IdSource, TimeOrderedIdSource } from './ids';

/** Injection token of the AppConfig. */
export const CONFIG = Symbol('CONFIG');

export interface PlatformOptions {
  /** Tests pass a FixedClock and a SequentialIdSource; production uses the system's. */
  readonly clock?: Clock;
  readonly ids?: IdSource;
}

/** Config, clock and id source for every module of an app; imported once, by the root module. */
@Global()
@Module({})
export class PlatformModule {
  static forRoot(config: AppConfig, options: PlatformOptions = {}): DynamicModule {
    return {
      module: PlatformModule,
      providers: [
        { provide: CONFIG, useValue: config },
        { provide: CLOCK, useValue: options.clock ?? new SystemClock() },
        { provide: ID_SOURCE, useValue: options.ids ?? new TimeOrderedIdSource() },
      ],
      exports: [CONFIG, CLOCK, ID_SOURCE],
    };
  }
}
