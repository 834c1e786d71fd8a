import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { IntegrityLog } from '../notary/integrity-log';
import { INTEGRITY_LOG } from '../nest/integrity.tokens';
import { ConsistencyProofQuery, InclusionProofQuery } from './dto/integrity-queries.dto';
import { type ConsistencyProofView, type InclusionProofView, toInclusionProofView } from './integrity.views';

/**
 * Proofs hold hashes and positions only, never event content, so any authenticated official may
 * ask; an inclusion proof is by event id, which the caller has from a history it was allowed to read.
 */
@ApiTags('Integrity')
@Controller('integrity/proofs')
export class ProofsController {
  constructor(@Inject(INTEGRITY_LOG) private readonly log: IntegrityLog) {}

  @Get('inclusion')
  @ApiOperation({
    summary: 'RFC 9162 inclusion proof of an event in the tree of treeSize leaves (by default the latest signed head)',
    description:
      'Verify: leafHash = SHA-256(0x00 ‖ eventHash); the audit path leads from it to the rootHash of a signed tree head ' +
      'of the same size. 404 when the event is not notarised yet; 409 when it is newer than the latest signed head ' +
      '(a head covering it is signed within LEDGER_TREE_HEAD_EVERY_SECONDS).',
  })
  async inclusion(@Query() { eventId, treeSize }: InclusionProofQuery): Promise<InclusionProofView> {
    return toInclusionProofView(await this.log.inclusionProof({ eventId }, treeSize));
  }

  @Get('consistency')
  @ApiOperation({
    summary: 'RFC 9162 consistency proof that the tree of `to` leaves extends the tree of `from` leaves',
    description: 'An inspector who kept a head of size `from` checks the proof against it and a newer signed head.',
  })
  async consistency(@Query() { from, to }: ConsistencyProofQuery): Promise<ConsistencyProofView> {
    const proof = await this.log.consistencyProof(from, to);
    const [fromRoot, toRoot] = [await this.log.rootAt(from), await this.log.rootAt(to)];
    return { from, to, fromRoot, toRoot, proof };
  }
}
