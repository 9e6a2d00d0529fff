package dev.hubkit.converters;

import java.io.IOException;

/**
 * Writes a checkpoint one tensor at a time, in the order of the plan it was created with. Nothing
 * appears at the destination until {@link #finish()}, which moves temporary files into place;
 * {@link #close()} without {@code finish()} deletes them.
 */
public interface TensorWriter extends AutoCloseable {

    /** Writes the next tensor of the plan; its info must equal the planned one. */
    void write(TensorData data) throws IOException;

    /** Completes the files and renames them into place. */
    void finish() throws IOException;

    /** Releases files; deletes temporary output when {@link #finish()} was not reached. */
    @Override
    void close();
}
