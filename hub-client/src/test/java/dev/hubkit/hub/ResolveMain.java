package dev.hubkit.hub;

import dev.hubkit.core.source.ModelNotFoundException;
import dev.hubkit.core.source.ModelSources;
import java.nio.file.Files;

/** Forked-JVM: resolves args[1] of model args[0] through core's ModelSources (HF_* env decides the hub). */
public final class ResolveMain {

    private ResolveMain() {
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i + 1 < args.length; i += 2) {
            try {
                System.out.println("CONTENT " + Files.readString(ModelSources.resolve(args[i], args[i + 1])).strip());
            } catch (ModelNotFoundException e) {
                System.out.println("NOTFOUND " + e.getMessage());
            } catch (HubException e) {
                System.out.println("HUBERROR " + e.getClass().getSimpleName() + " " + e.getMessage());
            }
        }
    }
}
