package dev.hubkit.converters.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.converters.HeapData;
import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A PyTorch zip byte for byte as torch.save (torch 2.13) writes it: local headers with versions, dates, CRC and
 * sizes 0 and flags 0x0808, data descriptors, the {@code FB} field on every entry (64 bytes where the data would
 * already be aligned), version-0 central directory, Zip64 end record and locator. Only the
 * {@code .data/serialization_id} (its 40 digits and their CRC in the descriptor and the central directory) differs:
 * torch derives it from its C++ library's hashes.
 */
class TorchSaveBytesTest {
    @TempDir
    Path tmp;

    @Test
    void oneTensorIsWrittenAsTorchSaveWritesIt() throws Exception {
        // torch.save(collections.OrderedDict([("w", torch.zeros(2))]), "r_one.bin")
        Path file = tmp.resolve("r_one.bin");
        TensorInfo w = new TensorInfo("w", DType.F32, new long[] {2});
        try (TorchZipWriter writer = TorchZipWriter.create(file, List.of(w), java.util.Map.of())) {
            writer.write(new HeapData(w, ByteBuffer.allocate(8)));
            writer.finish();
        }
        byte[] ours = Files.readAllBytes(file);
        byte[] torch = HexFormat.of().parseHex(TORCH_ONE);
        assertThat(ours).hasSameSizeAs(torch);
        List<Integer> differ = new ArrayList<>();
        for (int i = 0; i < torch.length; i++) {
            if (ours[i] != torch[i]) {
                differ.add(i);
            }
        }
        // the serialization id's digits (960-999), its CRC in the descriptor (1004) and in the central directory (1407)
        assertThat(differ).allMatch(i -> i >= 960 && i < 1000 || i >= 1004 && i < 1008 || i >= 1407 && i < 1411,
                "only the serialization id and its CRCs differ");
    }

    private static final String TORCH_ONE =
            "504b0304000008080000000000000000000000000000000000000e001400725f6f6e652f646174612e706b6c464210005a5a"
            + "5a5a5a5a5a5a5a5a5a5a5a5a5a5a800263636f6c6c656374696f6e730a4f726465726564446963740a710029527101580100"
            + "000077710263746f7263682e5f7574696c730a5f72656275696c645f74656e736f725f76320a71032828580700000073746f"
            + "72616765710463746f7263680a466c6f617453746f726167650a71055801000000307106580300000063707571074b027471"
            + "08514b004b028571094b0185710a8968002952710b74710c52710d732e504b0708a29b8327a5000000a5000000504b030400"
            + "00080800000000000000000000000000000000000015001800725f6f6e652f2e666f726d61745f76657273696f6e46421400"
            + "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a31504b0708b7efdc830100000001000000504b0304000008080000000000"
            + "0000000000000000000000000018003900725f6f6e652f2e73746f726167655f616c69676e6d656e74464235005a5a5a5a5a"
            + "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a3634"
            + "504b07083f7771e90200000002000000504b0304000008080000000000000000000000000000000000000f004100725f6f6e"
            + "652f627974656f7264657246423d005a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"
            + "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a6c6974746c65504b0708853de3190600000006000000504b"
            + "0304000008080000000000000000000000000000000000000c004000725f6f6e652f646174612f3046423c005a5a5a5a5a5a"
            + "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"
            + "5a5a5a5a0000000000000000504b070869df22650800000008000000504b0304000008080000000000000000000000000000"
            + "000000000d003d00725f6f6e652f76657273696f6e464239005a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"
            + "5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a330a504b0708d19e67550200000002000000"
            + "504b0304000008080000000000000000000000000000000000001c003400725f6f6e652f2e646174612f73657269616c697a"
            + "6174696f6e5f6964464230005a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a"
            + "5a5a5a5a5a5a5a5a5a5a31353732383139393531313835343634333032363033363236373937323331343632393434363734"
            + "504b0708125676bf2800000028000000504b0102000000000808000000000000a29b8327a5000000a50000000e0000000000"
            + "000000000000000000000000725f6f6e652f646174612e706b6c504b0102000000000808000000000000b7efdc8301000000"
            + "010000001500000000000000000000000000f5000000725f6f6e652f2e666f726d61745f76657273696f6e504b0102000000"
            + "0008080000000000003f7771e90200000002000000180000000000000000000000000051010000725f6f6e652f2e73746f72"
            + "6167655f616c69676e6d656e74504b0102000000000808000000000000853de31906000000060000000f0000000000000000"
            + "0000000000d2010000725f6f6e652f627974656f72646572504b010200000000080800000000000069df2265080000000800"
            + "00000c0000000000000000000000000056020000725f6f6e652f646174612f30504b0102000000000808000000000000d19e"
            + "675502000000020000000d00000000000000000000000000d8020000725f6f6e652f76657273696f6e504b01020000000008"
            + "08000000000000125676bf28000000280000001c0000000000000000000000000052030000725f6f6e652f2e646174612f73"
            + "657269616c697a6174696f6e5f6964504b06062c000000000000001e032d0000000000000000000700000000000000070000"
            + "0000000000c101000000000000f803000000000000504b060700000000b90500000000000001000000504b05060000000007"
            + "000700c1010000f80300000000";
}
