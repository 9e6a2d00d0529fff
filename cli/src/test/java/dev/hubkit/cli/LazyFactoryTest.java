package dev.hubkit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.cli.commands.Specs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command line hubkit builds, subcommands included, uses {@link Specs#FACTORY}, which makes picocli's
 * default factory only when something has to be instantiated (making it looks up an optional class that
 * is never there, which opened the whole application jar on every start); that factory still creates what
 * it is asked for.
 */
class LazyFactoryTest {

    @Test
    void everyCommandLineUsesTheLazyFactory() {
        for (String command : Hubkit.COMMANDS) {
            CommandLine cmd = Hubkit.newCommandLine(new String[] {command, "--help"});
            List<CommandLine> all = new ArrayList<>();
            collect(cmd, all);
            assertThat(all).hasSizeGreaterThan(1);
            for (CommandLine c : all) {
                assertThat(c.getFactory()).as(c.getCommandName()).isSameAs(Specs.FACTORY);
            }
        }
        assertThat(Hubkit.newCommandLine(new String[] {"--version"}).getFactory()).isSameAs(Specs.FACTORY);
    }

    @Test
    void theLazyFactoryStillCreatesWhatItIsAskedFor() throws Exception {
        assertThat(Specs.FACTORY.create(StringBuilder.class)).isInstanceOf(StringBuilder.class);
        assertThat(Specs.FACTORY.create(List.class)).isInstanceOf(ArrayList.class); // picocli's own mapping
    }

    private static void collect(CommandLine cmd, List<CommandLine> into) {
        into.add(cmd);
        for (CommandLine sub : cmd.getSubcommands().values()) {
            collect(sub, into);
        }
    }
}
