import { Module } from '@nestjs/common';
import { ProofsController } from './proofs.controller';
import { TreeHeadsController } from './tree-heads.controller';

/** The Merkle log over HTTP; needs IntegrityModule (global) in the same app. */
@Module({ controllers: [TreeHeadsController, ProofsController] })
export class IntegrityHttpModule {}
