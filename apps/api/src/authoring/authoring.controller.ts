import {
  CreateAuthoredRequest,
  SaveDraftRequest,
  ValidateFilesRequest,
  type VerifyStreamEvent,
} from '@kubebelt/contract';
import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpException,
  Param,
  Post,
  Put,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createZodDto } from 'nestjs-zod';
import { Me, Roles } from '../auth/decorators';
import type { SignedIn } from '../auth/signed-in';
import { AuthoringService } from './authoring.service';

class CreateAuthoredDto extends createZodDto(CreateAuthoredRequest) {}
class SaveDraftDto extends createZodDto(SaveDraftRequest) {}
class ValidateFilesDto extends createZodDto(ValidateFilesRequest) {}

@ApiTags('authoring')
@Controller('authoring')
@Roles('instructor', 'admin')
export class AuthoringController {
  constructor(private readonly authoring: AuthoringService) {}

  @Get('items')
  @ApiOperation({ summary: 'The labs, quizzes and exams one has written (admins: all)' })
  list(@Me() me: SignedIn) {
    return this.authoring.list(me);
  }

  @Post('items')
  @ApiOperation({ summary: 'A new lab, quiz or exam from its template, as a draft' })
  create(@Me() me: SignedIn, @Body() body: CreateAuthoredDto) {
    return this.authoring.create(me, body.kind, body.id);
  }

  @Post('validate')
  @HttpCode(200)
  @ApiOperation({
    summary:
      "Lints a folder's files as `kubebelt-lab lint` does (schema and content rules), without saving",
  })
  validate(@Body() body: ValidateFilesDto) {
    return { problems: this.authoring.validate(body.files) };
  }

  @Post('import')
  @ApiOperation({
    summary:
      'Imports a folder exported here or packed from labs/ (`tar -czf <id>.tar.gz <id>`; body application/gzip) as a draft',
  })
  import(@Me() me: SignedIn, @Req() req: Request) {
    if (!Buffer.isBuffer(req.body) || !req.body.length)
      throw new BadRequestException('expected a .tar.gz body with Content-Type: application/gzip');
    return this.authoring.importArchive(me, req.body);
  }

  @Get('items/:id')
  @ApiOperation({
    summary: "An item's draft files, their problems, last Verify and published versions",
  })
  get(@Me() me: SignedIn, @Param('id') id: string) {
    return this.authoring.get(me, id);
  }

  @Put('items/:id')
  @ApiOperation({ summary: "Saves the draft's files" })
  save(@Me() me: SignedIn, @Param('id') id: string, @Body() body: SaveDraftDto) {
    return this.authoring.save(me, id, body.files);
  }

  @Delete('items/:id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Deletes an item never published' })
  async remove(@Me() me: SignedIn, @Param('id') id: string) {
    await this.authoring.remove(me, id);
  }

  @Post('items/:id/verify')
  @ApiOperation({
    summary:
      "Runs the draft's own test (set-up, checks fail, solution, checks pass, mistakes fail their checks), streamed as application/x-ndjson, one event per line",
  })
  async verify(@Me() me: SignedIn, @Param('id') id: string, @Res() res: Response) {
    let started = false;
    const send = (event: VerifyStreamEvent) => {
      if (!started) {
        started = true;
        res.status(200).setHeader('content-type', 'application/x-ndjson; charset=utf-8');
        res.setHeader('cache-control', 'no-store');
        res.setHeader('x-accel-buffering', 'no');
        res.flushHeaders();
      }
      if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify(event)}\n`);
    };
    try {
      await this.authoring.verify(me, id, send);
    } catch (error) {
      // before the stream started, the usual error body; after, an error event ends it
      if (!started) throw error;
      send({
        step: 'error',
        message: error instanceof HttpException ? error.message : 'verify failed',
      });
    }
    res.end();
  }

  @Post('items/:id/publish')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Publishes the draft as the next version (labs and exams: after a passing Verify)',
  })
  publish(@Me() me: SignedIn, @Param('id') id: string) {
    return this.authoring.publish(me, id);
  }

  @Get('items/:id/export')
  @Header('cache-control', 'no-store')
  @ApiOperation({ summary: 'The folder as <id>.tar.gz: the draft, or ?version=n' })
  async export(
    @Me() me: SignedIn,
    @Param('id') id: string,
    @Query('version') version: string | undefined,
    @Res() res: Response,
  ) {
    const n = version === undefined ? undefined : Number(version);
    if (n !== undefined && !Number.isInteger(n))
      throw new BadRequestException('version is a number');
    const { name, archive } = await this.authoring.exportArchive(me, id, n);
    res.setHeader('content-type', 'application/gzip');
    res.setHeader('content-disposition', `attachment; filename="${name}"`);
    res.end(archive);
  }
}
