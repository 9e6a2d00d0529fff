package dev.hubkit.hub;

import dev.hubkit.core.source.ModelRef;
import dev.hubkit.core.source.ModelSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@link ModelSource} for hub repo ids ({@code org/name[@revision]}) that are not local folders:
 * downloads into the shared cache, or, offline, answers from it. Settings come from the
 * {@code HF_*} environment.
 */
public final class HubModelSource implements ModelSource {

    private static volatile HubClient shared;

    @Override
    public String name() {
        return "hub";
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public boolean accepts(ModelRef model) {
        return model.isRepoId() && model.localDirectory().isEmpty();
    }

    @Override
    public Optional<Path> find(ModelRef model, String file, List<String> searched) {
        HubClient client = client();
        RepoRef repo = RepoRef.model(model.repoId());
        String rev = model.revision() == null ? HubClient.MAIN : model.revision();
        searched.add("hub " + client.settings().endpointForDisplay() + " " + repo + "@" + rev + " (cache "
                + client.settings().cacheDir() + ")");
        try {
            return Optional.of(client.downloadFile(repo, file, rev));
        } catch (EntryNotFoundException | LocalEntryNotFoundException e) {
            searched.add(e.getMessage());
            return Optional.empty();
        }
    }

    private static HubClient client() {
        HubClient c = shared;
        if (c == null) {
            synchronized (HubModelSource.class) {
                c = shared;
                if (c == null) {
                    c = HubClient.fromEnvironment();
                    shared = c;
                }
            }
        }
        return c;
    }
}
