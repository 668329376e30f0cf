// A Curator 5.4 LeaderLatch participant for the cross-language election tests (compiled by the test with javac).
// Usage: CuratorLatchParticipant <connectString> <latchPath> <id>
// Prints "STARTED" once its latch has joined, then "LEADER" or "FOLLOWER" at every change; leaves on stdin's end.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.retry.ExponentialBackoffRetry;

public final class CuratorLatchParticipant {
    public static void main(String[] args) throws Exception {
        try (CuratorFramework client = CuratorFrameworkFactory.newClient(args[0], 4000, 10000, new ExponentialBackoffRetry(100, 5))) {
            client.start();
            client.blockUntilConnected();
            LeaderLatch latch = new LeaderLatch(client, args[1], args[2]);
            latch.addListener(new LeaderLatchListener() {
                @Override
                public void isLeader() {
                    say("LEADER");
                }

                @Override
                public void notLeader() {
                    say("FOLLOWER");
                }
            });
            latch.start();
            say("STARTED");
            BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            while (input.readLine() != null) {
                // Runs until stdin closes or the process is killed.
            }
            latch.close();
        }
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
