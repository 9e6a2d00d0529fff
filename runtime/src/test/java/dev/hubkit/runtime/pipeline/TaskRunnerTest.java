package dev.hubkit.runtime.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hubkit.runtime.TestModels;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRunnerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void featureExtractionLinesInJsonLinesOut(@TempDir Path tmp) throws Exception {
        Path in = tmp.resolve("in.txt");
        Files.writeString(in, "hello world\n\nthe computer network\n");
        Path out = tmp.resolve("sub/out.jsonl");
        StringWriter err = new StringWriter();
        long n = TaskRunner.execute(RunSettings.defaults(Task.FEATURE_EXTRACTION, TestModels.tinyBert().toString()),
                in, out, null, new StringWriter(), err, true);
        assertThat(n).isEqualTo(3);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(3);
        for (String l : lines) {
            JsonNode node = JSON.readTree(l);
            assertThat(node.get("embedding").size()).isEqualTo(32);
        }
        assertThat(err.toString()).contains("backend: onnx").contains("chose onnx");
        try (var files = Files.list(out.getParent())) {
            assertThat(files).containsExactly(out); // no temp file left behind
        }
    }

    @Test
    void classificationFromStdinToStdout() throws Exception {
        RunSettings d = RunSettings.defaults(Task.parse("sentiment-analysis"), TestModels.resource("tiny-bert-heads").toString());
        RunSettings s = new RunSettings(d.task(), d.model(), d.backend(),
                PipelineOptions.defaults().withOutputName("sequence_logits").withBatchSize(2), 2, d.aggregation(), null, null);
        StringWriter out = new StringWriter();
        long n = TaskRunner.execute(s, null, null,
                new ByteArrayInputStream("good\nhello world\nthe city\n".getBytes(StandardCharsets.UTF_8)),
                out, new StringWriter(), false);
        assertThat(n).isEqualTo(3);
        String[] lines = out.toString().split("\n");
        assertThat(lines).hasSize(3);
        assertThat(JSON.readTree(lines[0]).get("labels").size()).isEqualTo(2);
    }

    @Test
    void quickstartRunsATinyModelFolder() {
        List<String> lines = TaskRunner.quickstart(TestModels.tinyBert(), List.of("hello world", "good morning"));
        assertThat(lines).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("{\"embedding\":["));
    }

    @Test
    void unknownTaskAndMissingInputAreClear() {
        assertThatThrownBy(() -> Task.parse("summarize")).hasMessageContaining("unknown task 'summarize'");
        assertThatThrownBy(() -> TaskRunner.execute(RunSettings.defaults(Task.FILL_MASK, TestModels.tinyBert().toString()),
                Path.of("/nonexistent/in.txt"), null, null, new StringWriter(), new StringWriter(), false))
                .hasMessageContaining("input file /nonexistent/in.txt does not exist");
    }
}
