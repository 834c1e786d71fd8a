import { Public } from '@app/platform';
import { Controller, Get, Header, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { TREE_HEAD_ALGORITHM, type SignedTreeHead } from '../merkle/tree-head';
import type { IntegrityLog, TreeHeadPage } from '../notary/integrity-log';
import { INTEGRITY_LOG } from '../nest/integrity.tokens';
import { TreeHeadParams, TreeHeadsQuery } from './dto/integrity-queries.dto';
import type { TreeHeadPublicKeyView } from './integrity.views';

/**
 * Signed tree heads are statements about the log, not its content: any authenticated official may
 * read them, and inspectors keep them to ask for consistency proofs later. The public key that
 * checks them is public, like the token JWKS.
 */
@ApiTags('Integrity')
@Controller('integrity')
export class TreeHeadsController {
  constructor(@Inject(INTEGRITY_LOG) private readonly log: IntegrityLog) {}

  @Get('tree-heads/latest')
  @ApiOperation({ summary: 'the latest signed tree head: size and root of the Merkle log, Ed25519-signed; 404 before the first' })
  @ApiOkResponse({ description: '{ treeSize, rootHash, timestamp, algorithm, keyId, signature }' })
  latest(): Promise<SignedTreeHead> {
    return this.log.latestTreeHead();
  }

  @Get('tree-heads/:size')
  @ApiOperation({ summary: 'the tree head signed at exactly this tree size; 404 when none was' })
  one(@Param() { size }: TreeHeadParams): Promise<SignedTreeHead> {
    return this.log.treeHead(size);
  }

  @Get('tree-heads')
  @ApiOperation({ summary: 'signed tree heads from a tree size on, smallest first; nextFromSize continues the list' })
  list(@Query() { fromSize, limit }: TreeHeadsQuery): Promise<TreeHeadPage> {
    return this.log.treeHeads({ fromSize, limit });
  }

  @Public()
  @Get('public-key')
  @Header('Cache-Control', 'public, max-age=300')
  @ApiOperation({
    summary: 'the Ed25519 public key that verifies tree heads (SPKI PEM) and its key id',
    description: 'Compare the key id with one obtained out of band before trusting heads verified with it.',
  })
  publicKey(): TreeHeadPublicKeyView {
    const { keyId, publicKeyPem } = this.log.publicKey();
    return { algorithm: TREE_HEAD_ALGORITHM, keyId, publicKeyPem };
  }
}
