using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Data;
using Zk.Node.Protocol.Jute;
using Zk.Node.Protocol.Tests.Support;

namespace Zk.Node.Protocol.Tests.Client;

/// <summary>multi / multiRead bodies, §7 of the wire-protocol reference.</summary>
public sealed class MultiTests
{
    private const string Terminator = "ffffffff 01 ffffffff";

    [Fact]
    public void A_request_is_headers_and_records_closed_by_the_terminator()
    {
        var request = new MultiRequest(
        [
            new MultiOperation(OpCode.Check, new CheckVersionRequest("/a", 3)),
            new MultiOperation(OpCode.Delete, new DeleteRequest("/b", -1)),
        ]);

        Assert.Equal(
            Codec.Hex(
                "0000000d 00 ffffffff" + "00000002 2f61 00000003" +   // check /a version 3
                "00000002 00 ffffffff" + "00000002 2f62 ffffffff" +   // delete /b any version
                Terminator),
            Codec.Encode(request));
    }

    [Fact]
    public void A_decoded_request_keeps_op_types_and_records()
    {
        byte[] wire = Codec.Hex(
            "00000013 00 ffffffff" + "00000002 2f63 ffffffff 00000001 0000001f 00000005 776f726c64 00000006 616e796f6e65 00000004" +
            "00000005 00 ffffffff" + "00000002 2f64 00000001 78 00000007" +
            Terminator);

        var request = Codec.Decode<MultiRequest>(wire);

        Assert.Equal([OpCode.CreateContainer, OpCode.SetData], request.Ops.Select(op => op.Type));
        var create = Assert.IsType<CreateRequest>(request.Ops[0].Record);
        Assert.Equal("/c", create.Path);
        Assert.Null(create.Data);
        Assert.Equal(Acl.OpenAclUnsafe, create.Acl);
        Assert.Equal(CreateFlags.Container, create.Flags);
        var setData = Assert.IsType<SetDataRequest>(request.Ops[1].Record);
        Assert.Equal(("/d", 7), (setData.Path, setData.Version));
        Assert.False(request.IsReadOnly);
    }

    [Fact]
    public void A_failed_multi_turns_every_result_into_an_error_entry()
    {
        // §7: [create ok, delete of a missing node, setData] fails with results
        // (-1, err 0), (-1, err -101), (-1, err -2), each MultiHeader{-1, false, err} + ErrorResponse{err}.
        byte[] expected = Codec.Hex(
            "ffffffff 00 00000000" + "00000000" +
            "ffffffff 00 ffffff9b" + "ffffff9b" +
            "ffffffff 00 fffffffe" + "fffffffe" +
            Terminator);

        var response = MultiResponse.Failed(opCount: 3, failedIndex: 1, KeeperErrorCode.NoNode);

        Assert.Equal(expected, Codec.Encode(response));
        var decoded = Codec.Decode<MultiResponse>(expected);
        Assert.All(decoded.Results, r => Assert.Equal(OpCode.Error, r.Type));
        Assert.Equal([KeeperErrorCode.Ok, KeeperErrorCode.NoNode, KeeperErrorCode.RuntimeInconsistency], decoded.Results.Select(r => r.Err));
        Assert.Equal((1, KeeperErrorCode.NoNode), decoded.FirstError);
    }

    [Fact]
    public void A_failure_in_the_first_op_has_no_ok_entries()
    {
        var response = MultiResponse.Failed(opCount: 2, failedIndex: 0, KeeperErrorCode.NodeExists);

        Assert.Equal([KeeperErrorCode.NodeExists, KeeperErrorCode.RuntimeInconsistency], response.Results.Select(r => r.Err));
    }

    [Fact]
    public void Successful_results_carry_err_zero_in_their_header_and_delete_and_check_have_no_body()
    {
        var response = new MultiResponse([MultiResult.Create("/a"), MultiResult.Delete(), MultiResult.Check()]);

        Assert.Equal(
            Codec.Hex("00000001 00 00000000 00000002 2f61" + "00000002 00 00000000" + "0000000d 00 00000000" + Terminator),
            Codec.Encode(response));
        Assert.Null(Codec.Decode<MultiResponse>(Codec.Encode(response)).FirstError);
    }

    [Fact]
    public void Create2_results_carry_the_path_and_the_stat()
    {
        var response = new MultiResponse([MultiResult.Create2("/a", Samples.Stat)]);

        byte[] wire = Codec.Encode(response);

        Assert.Equal(Codec.Hex("0000000f 00 00000000 00000002 2f61"), wire[..15]);
        Assert.Equal(Codec.Encode(Samples.Stat), wire[15..(15 + Stat.WireSize)]);
        Assert.Equal(Codec.Hex(Terminator), wire[(15 + Stat.WireSize)..]);
    }

    public static TheoryData<string, string> MalformedRequests => new()
    {
        { "exists is not a multi op", "00000003 00 ffffffff 00000002 2f61 00" },
        { "nested multi", "0000000e 00 ffffffff" + Terminator },
        { "unknown op type", "0000007f 00 ffffffff 00000002 2f61" },
        { "missing terminator", "00000002 00 ffffffff 00000002 2f61 ffffffff" },
        { "negative path length", "00000002 00 ffffffff fffffffe ffffffff" + Terminator },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public void Malformed_multi_requests_are_rejected(string what, string hex)
    {
        byte[] wire = Codec.Hex(hex);

        var error = Record.Exception(() => Codec.Decode<MultiRequest>(wire));

        Assert.True(error is JuteException, what);
    }

    public static TheoryData<string, string> MalformedResponses => new()
    {
        { "getACL is not a multi result", "00000006 00 00000000 00000000" },
        { "unknown result type", "00000063 00 00000000" + Terminator },
        { "error entry without its ErrorResponse", "ffffffff 00 ffffff9b" },
    };

    [Theory]
    [MemberData(nameof(MalformedResponses))]
    public void Malformed_multi_responses_are_rejected(string what, string hex)
    {
        byte[] wire = Codec.Hex(hex);

        var error = Record.Exception(() => Codec.Decode<MultiResponse>(wire));

        Assert.True(error is JuteException, what);
    }

    [Fact]
    public void Writing_an_op_whose_record_does_not_match_its_type_is_a_programming_error()
    {
        var request = new MultiRequest([new MultiOperation(OpCode.Delete, new SetDataRequest("/a", null, 1))]);

        Assert.Throws<ArgumentException>(() => Codec.Encode(request));
        Assert.False(MultiOperation.IsValidPair(OpCode.Delete, new SetDataRequest("/a", null, 1)));
        Assert.True(MultiOperation.IsValidPair(OpCode.Create2, new CreateRequest("/a", null, [], 0)));
    }

    [Fact]
    public void Writing_an_error_result_whose_codes_disagree_is_a_programming_error()
    {
        var response = new MultiResponse([new MultiResult(OpCode.Error, KeeperErrorCode.NoNode, new ErrorResponse(0))]);

        Assert.Throws<ArgumentException>(() => Codec.Encode(response));
    }

    [Fact]
    public void A_multi_read_request_is_read_only()
    {
        var request = new MultiRequest(
        [
            new MultiOperation(OpCode.GetData, new GetDataRequest("/a", false)),
            new MultiOperation(OpCode.GetChildren, new GetChildrenRequest("/", false)),
        ]);

        Assert.True(request.IsReadOnly);
    }
}
