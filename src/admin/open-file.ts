// Opening an export file for reading without ever waiting on it.
import * as fs from "node:fs";

/**
 * Opens `path` for reading (a file descriptor the caller closes) when it is a regular file or a
 * link to one. A named pipe, a device or a socket is refused with an Error saying which
 * ("it is a named pipe (FIFO), not a regular file"): open() on a FIFO waits for a writer forever,
 * and a device such as /dev/zero never ends (rev11n finding 13), so it is opened non-blocking
 * and closed at once. Throws the fs error (ENOENT, EACCES, EISDIR...) otherwise.
 */
export function openRegularFile(path: string): number {
  const fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  let stat: fs.Stats;
  try {
    stat = fs.fstatSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
  if (stat.isFile()) return fd;
  fs.closeSync(fd);
  if (stat.isDirectory()) throw new Error("it is a folder, not a file");
  throw new Error(`it is ${notFileKind(stat)}, not a regular file`);
}

/**
 * What a path that is no regular file and no folder is, as messages name it: "a named pipe
 * (FIFO)", "a device" or "a socket" (validate, the build's folder listing and openRegularFile
 * say it alike).
 */
export function notFileKind(stat: fs.Stats): string {
  return stat.isFIFO()
    ? "a named pipe (FIFO)"
    : stat.isCharacterDevice() || stat.isBlockDevice()
      ? "a device"
      : "a socket";
}
