package org.hypergrid.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The restart path must never stop a process that is not the orphaned PostgreSQL of its own data
 * directory: a pid file naming another directory, or a live pid that is not postgres, is left alone.
 */
class OrphanedServerTest {

  @Test
  void aPidFileForAnotherDirectoryOrAnotherProgramIsLeftAlone(@TempDir Path ours, @TempDir Path theirs)
    throws Exception {
    ProcessHandle self = ProcessHandle.current();
    Files.writeString(ours.resolve("postmaster.pid"), self.pid() + "\n" + theirs + "\n0\n5432\n");
    EmbeddedPostgresServer.stopOrphan(ours);
    assertTrue(self.isAlive(), "another directory's server is not ours to stop");

    Files.writeString(ours.resolve("postmaster.pid"), self.pid() + "\n" + ours + "\n0\n5432\n");
    EmbeddedPostgresServer.stopOrphan(ours);
    assertTrue(self.isAlive(), "a live pid that is not postgres (here: this JVM) is left alone");

    Files.writeString(ours.resolve("postmaster.pid"), "999999999\n" + ours + "\n");
    EmbeddedPostgresServer.stopOrphan(ours); // a dead pid: PostgreSQL handles the stale file itself
  }
}
