package dev.hubkit.converters;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/** Child JVM of {@link TempFileReaperTest}: starts writing an output through {@link AtomicFile}, says where, then waits to be killed. */
public final class HoldTempMain {
    private HoldTempMain() {
    }

    public static void main(String[] args) throws Exception {
        AtomicFile out = AtomicFile.create(Path.of(args[0]));
        out.channel().write(ByteBuffer.wrap(new byte[4096]));
        Path sibling = AtomicFile.createSibling(Path.of(args[1]));
        System.out.println("writing");
        System.out.flush();
        Thread.sleep(120_000);
        out.close();
        System.out.println(sibling);
    }
}
