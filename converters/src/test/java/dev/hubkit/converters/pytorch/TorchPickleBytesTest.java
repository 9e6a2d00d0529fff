package dev.hubkit.converters.pytorch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubkit.core.tensor.DType;
import dev.hubkit.core.tensor.TensorInfo;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code data.pkl} byte for byte as torch.save (torch 2.13, Python 3.11's C pickler) writes the state dict that
 * {@code torch.load(weights_only=True)} gives back for hubkit's output: memo {@code BINPUT} after every object,
 * {@code BINGET} for the globals, {@code "storage"}, {@code "cpu"} and a shared storage's key met again,
 * {@code LONG_BINPUT}/{@code LONG_BINGET} past index 255, and items in {@code SETITEMS} batches of 1,000
 * ({@code SETITEM} for one, nothing for none). Expected bytes printed by torch.
 */
class TorchPickleBytesTest {
    private static StatePickler.Item item(String name, DType dtype, String key, long numel, long offset, long[] shape,
                                          long[] stride) {
        return new StatePickler.Item(new TensorInfo(name, dtype, shape), key, numel, offset, stride);
    }

    private static StatePickler.Item whole(String name, DType dtype, String key, long... shape) {
        return new StatePickler.Item(new TensorInfo(name, dtype, shape), key);
    }

    /**
     * {@code emb} f32[3, 4]; f16; two uint16 (_rebuild_tensor_v3); a scalar; a 4-d tensor; int8[300, 70000] (larger
     * integers); {@code head} and its transpose {@code T} over emb's storage.
     */
    @Test
    void aMixedStateDictPicklesAsTorchSaveDoes() {
        List<StatePickler.Item> items = List.of(whole("emb", DType.F32, "0", 3, 4),
                whole("x.f16", DType.F16, "1", 4), whole("u16", DType.U16, "2", 3), whole("u16b", DType.U16, "3", 2),
                whole("scalar", DType.F32, "4"), whole("four", DType.F32, "5", 1, 2, 3, 4),
                whole("big", DType.I8, "6", 300, 70000),
                item("head", DType.F32, "0", 12, 0, new long[] {3, 4}, new long[] {4, 1}),
                item("T", DType.F32, "0", 12, 0, new long[] {4, 3}, new long[] {1, 4}));
        assertThat(HexFormat.of().formatHex(StatePickler.pickle(items))).isEqualTo(TORCH_MIXED);
    }

    @Test
    void oneItemAndNoItemsPickleAsTorchSaveDoes() {
        assertThat(HexFormat.of().formatHex(StatePickler.pickle(List.of(whole("w", DType.F32, "0", 2)))))
                .isEqualTo("800263636f6c6c656374696f6e730a4f726465726564446963740a710029527101580100000077710263746f72"
                        + "63682e5f7574696c730a5f72656275696c645f74656e736f725f76320a71032828580700000073746f7261676571"
                        + "0463746f7263680a466c6f617453746f726167650a71055801000000307106580300000063707571074b02747108"
                        + "514b004b028571094b0185710a8968002952710b74710c52710d732e");
        assertThat(HexFormat.of().formatHex(StatePickler.pickle(List.of())))
                .isEqualTo("800263636f6c6c656374696f6e730a4f726465726564446963740a7100295271012e");
    }

    /** {@code OrderedDict((str(i), torch.zeros(1)) for i in range(1200))}: two batches, memo indices past 255. */
    @Test
    void twelveHundredItemsPickleAsTorchSaveDoes() throws Exception {
        List<StatePickler.Item> items = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            items.add(whole(Integer.toString(i), DType.F32, Integer.toString(i), 1));
        }
        byte[] pickle = StatePickler.pickle(items);
        assertThat(pickle).hasSize(101541);
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pickle)))
                .isEqualTo("8707f4c7b9a471029aa990861d6b4332723556e90b96e12e1561af30f60e15ec");
    }

    private static final String TORCH_MIXED =
            "800263636f6c6c656374696f6e730a4f726465726564446963740a710029527101285803000000656d62710263746f72"
            + "63682e5f7574696c730a5f72656275696c645f74656e736f725f76320a71032828580700000073746f72616765710463"
            + "746f7263680a466c6f617453746f726167650a71055801000000307106580300000063707571074b0c747108514b004b"
            + "034b048671094b044b0186710a8968002952710b74710c52710d5805000000782e663136710e68032828680463746f72"
            + "63680a48616c6653746f726167650a710f580100000031711068074b04747111514b004b048571124b01857113896800"
            + "295271147471155271165803000000753136711763746f7263682e5f7574696c730a5f72656275696c645f74656e736f"
            + "725f76330a71182828680463746f7263682e73746f726167650a556e747970656453746f726167650a71195801000000"
            + "32711a68074b0674711b514b004b0385711c4b0185711d8968002952711e63746f7263680a75696e7431360a711f7471"
            + "2052712158040000007531366271226818282868046819580100000033712368074b04747124514b004b028571254b01"
            + "85712689680029527127681f74712852712958060000007363616c6172712a6803282868046805580100000034712b68"
            + "074b0174712c514b0029298968002952712d74712e52712f5804000000666f7572713068032828680468055801000000"
            + "35713168074b18747132514b00284b014b024b034b04747133284b184b0c4b044b017471348968002952713574713652"
            + "71375803000000626967713868032828680463746f7263680a4368617253746f726167650a7139580100000036713a68"
            + "074a406f400174713b514b004d2c014a7011010086713c4a701101004b0186713d8968002952713e74713f5271405804"
            + "0000006865616471416803282868046805680668074b0c747142514b004b034b048671434b044b018671448968002952"
            + "714574714652714758010000005471486803282868046805680668074b0c747149514b004b044b0386714a4b014b0486"
            + "714b8968002952714c74714d52714e752e";
}
