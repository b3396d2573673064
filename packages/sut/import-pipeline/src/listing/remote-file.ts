/** A file a source offers for import. */
export interface RemoteFile {
  /** Path relative to the source's root, '/'-separated: the import's identity. */
  name: string
  sizeBytes: number
  /** Last modification, ms since the epoch (second resolution over SFTP). */
  modifiedMs: number
}

/**
 * One entry of a directory as a source reports it: the shape of an SFTP READDIR reply
 * (name, `ls -l` line, attributes), which the local source produces too.
 */
export interface DirectoryEntry {
  filename: string
  longname?: string
  attrs: {
    /** st_mode: file type and permission bits. */
    mode: number
    size: number
    /** Seconds since the epoch, as SFTP reports it. */
    mtime: number
  }
}

const S_IFMT = 0o170000
const S_IFREG = 0o100000
const S_IFDIR = 0o040000

export const isRegularFile = (mode: number): boolean => (mode & S_IFMT) === S_IFREG
export const isDirectory = (mode: number): boolean => (mode & S_IFMT) === S_IFDIR
