import { Public } from '@app/platform';
import { Controller, Get, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { ConsoleFiles } from './console-files';

/**
 * The web console's static files at /console. Public (the page asks for a token itself) and not
 * counted against the rate limit: one page load is a dozen small files.
 */
@ApiExcludeController()
@Public()
@SkipThrottle()
@Controller('console')
export class ConsoleController {
  private readonly files = new ConsoleFiles();

  /** `/console` → `/console/` (Express routes both here), so the page's relative URLs resolve under it. */
  @Get()
  root(@Req() request: Request, @Res() response: Response): void {
    if (!request.path.endsWith('/')) {
      response.redirect(302, '/console/');
      return;
    }
    this.serve(request, response);
  }

  @Get('*path')
  serve(@Req() request: Request, @Res() response: Response): void {
    const relative = decodeURIComponent(request.path.replace(/^\/console\/?/, ''));
    response.setHeader('Content-Security-Policy', this.files.contentSecurityPolicy);
    response.setHeader('Cache-Control', 'no-cache');
    if (relative === '' || relative === 'index.html') {
      response.type('text/html; charset=utf-8').send(this.files.index);
      return;
    }
    const file = this.files.file(relative);
    if (!file) throw new NotFoundException(`no console file ${relative}`);
    response.type(file.contentType).send(file.body);
  }
}
