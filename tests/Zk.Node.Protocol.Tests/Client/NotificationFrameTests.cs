using System.Buffers;
using Zk.Node.Protocol.Client;
using Zk.Node.Protocol.Framing;
using Zk.Node.Protocol.Tests.Support;

namespace Zk.Node.Protocol.Tests.Client;

/// <summary>Whole frames as they go on the wire, §4 and §8.1 of the wire-protocol reference.</summary>
public sealed class NotificationFrameTests
{
    [Fact]
    public void A_watch_notification_is_a_reply_header_with_xid_minus_one_and_a_watcher_event()
    {
        var output = new ArrayBufferWriter<byte>();
        var header = new ReplyHeader(Xids.Notification, -1, KeeperErrorCode.Ok);
        var watcherEvent = new WatcherEvent((int)EventType.NodeDataChanged, (int)KeeperState.SyncConnected, "/a");

        FrameWriter.WriteFrame(output, header, watcherEvent);

        Assert.Equal(
            Codec.Hex(
                "0000001e" +                                         // frame length 30
                "ffffffff ffffffffffffffff 00000000" +               // xid -1, zxid -1, err 0
                "00000003 00000003 00000002 2f61"),                  // NodeDataChanged, SyncConnected, "/a"
            output.WrittenSpan.ToArray());
    }

    [Fact]
    public void A_successful_add_watch_reply_body_is_a_four_byte_zero()
    {
        Assert.Equal(Codec.Hex("00000000"), Codec.Encode(new ErrorResponse(0)));
    }

    [Fact]
    public void A_ping_request_is_an_eight_byte_header_with_xid_minus_two()
    {
        Assert.Equal(Codec.Hex("fffffffe 0000000b"), Codec.Encode(new RequestHeader(Xids.Ping, OpCode.Ping)));
    }

    [Fact]
    public void Event_types_states_and_watch_modes_have_the_documented_values()
    {
        Assert.Equal(
            [-1, 1, 2, 3, 4, 5, 6, 7],
            [(int)EventType.None, (int)EventType.NodeCreated, (int)EventType.NodeDeleted, (int)EventType.NodeDataChanged,
             (int)EventType.NodeChildrenChanged, (int)EventType.DataWatchRemoved, (int)EventType.ChildWatchRemoved, (int)EventType.PersistentWatchRemoved]);
        Assert.Equal(
            [0, 3, 4, 5, 6, -112, 7],
            [(int)KeeperState.Disconnected, (int)KeeperState.SyncConnected, (int)KeeperState.AuthFailed, (int)KeeperState.ConnectedReadOnly,
             (int)KeeperState.SaslAuthenticated, (int)KeeperState.Expired, (int)KeeperState.Closed]);
        Assert.Equal([1, 2, 3], [(int)WatcherType.Children, (int)WatcherType.Data, (int)WatcherType.Any]);
        Assert.Equal([0, 1], [(int)AddWatchMode.Persistent, (int)AddWatchMode.PersistentRecursive]);
    }
}
