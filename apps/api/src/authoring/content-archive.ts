/**
 * Export and import of a content folder as a .tar.gz whose one top folder is the item's id,
 * so that `tar -xzf` beside labs/ gives exactly the folder file authoring keeps (and back).
 */
import { Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';
import type { ContentFiles } from '@kubebelt/labs';
import { extract, pack } from 'tar-stream';

export async function packFolder(folder: string, files: ContentFiles): Promise<Buffer> {
  const archive = pack();
  for (const path of Object.keys(files).sort())
    archive.entry(
      { name: `${folder}/${path}`, mode: path.endsWith('.sh') ? 0o755 : 0o644 },
      files[path],
    );
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

export class ArchiveError extends Error {}

/**
 * The files of an exported folder. Paths are taken relative to the archive's one top folder;
 * links, devices and anything past `maxBytes` (uncompressed) are refused, not skipped.
 */
export async function unpackFolder(archive: Buffer, maxBytes: number): Promise<ContentFiles> {
  const files: ContentFiles = {};
  const tops = new Set<string>();
  let total = 0;
  const reader = extract();
  const source = Readable.from([archive]).pipe(createGunzip());
  source.on('error', (error) => reader.destroy(error));
  source.pipe(reader);
  try {
    for await (const entry of reader) {
      const { name, type } = entry.header;
      const parts = name.replace(/^\.\//, '').split('/').filter(Boolean);
      if (type === 'directory') {
        entry.resume();
        if (parts.length) tops.add(parts[0]);
        continue;
      }
      if (type !== 'file')
        throw new ArchiveError(`${name}: only files and folders may be in the archive`);
      if (parts.length < 2 || parts.includes('..'))
        throw new ArchiveError(`${name}: expected <id>/<file>, as an export writes`);
      tops.add(parts[0]);
      const chunks: Buffer[] = [];
      for await (const chunk of entry) {
        total += (chunk as Buffer).length;
        if (total > maxBytes) throw new ArchiveError(`more than ${maxBytes} bytes unpacked`);
        chunks.push(chunk as Buffer);
      }
      files[parts.slice(1).join('/')] = Buffer.concat(chunks).toString('utf8');
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(`not a .tar.gz archive: ${(error as Error).message}`);
  }
  if (tops.size !== 1) throw new ArchiveError('expected one folder at the top of the archive');
  return files;
}
