package org.hypergrid.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * A data directory's owner: an operating-system lock on {@code <dataDir>.node-lock} (beside the
 * directory: PostgreSQL's initdb wants it empty), held by the
 * node process that runs the embedded PostgreSQL there, with that process's pid and start time
 * written in it for the message a second copy gives. The system lets go of it when the process
 * ends however it ends (kill -9 included), so a free lock means the last owner is gone and what
 * it left running may be stopped; a held one means a live node owns the directory.
 */
final class DataDirectoryLock {

  static final String SUFFIX = ".node-lock";

  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the directory, or fails naming the live node process that has it. */
  static DataDirectoryLock take(Path dir) throws IOException {
    Path file = dir.resolveSibling(dir.getFileName() + SUFFIX);
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
      StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      String owner = Files.readString(file, StandardCharsets.UTF_8).trim();
      throw new IOException("storage.dataDir " + dir + " is in use by another node (" + (owner.isEmpty()
        ? "a live process" : owner) + "): two nodes cannot share one embedded store. Stop that node, or give"
        + " this one another storage.dataDir (HG_STORAGE_DATADIR)");
    }
    ProcessHandle self = ProcessHandle.current();
    String owner = "pid " + self.pid() + ", started " + self.info().startInstant().map(Instant::toString).orElse("?");
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
    return new DataDirectoryLock(channel, lock);
  }

  void release() throws IOException {
    lock.release();
    channel.close();
  }
}
