// A Curator 5.4 participant for the cross-language recipe tests (compiled by the test with javac).
// Usage: CuratorMutexHolder <connectString> <lockPath>
// Acquires org.apache.curator.framework.recipes.locks.InterProcessMutex, prints "ACQUIRED", then holds the lock
// until a line "RELEASE" arrives on stdin, releases, prints "RELEASED" and exits. Errors exit non-zero.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;

public final class CuratorMutexHolder {
    public static void main(String[] args) throws Exception {
        try (CuratorFramework client = CuratorFrameworkFactory.newClient(args[0], 10000, 10000, new ExponentialBackoffRetry(100, 5))) {
            client.start();
            client.blockUntilConnected();
            InterProcessMutex mutex = new InterProcessMutex(client, args[1]);
            System.out.println("CONNECTED");
            System.out.flush();
            mutex.acquire();
            System.out.println("ACQUIRED");
            System.out.flush();
            BufferedReader input = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = input.readLine()) != null && !line.equals("RELEASE")) {
                // Only RELEASE matters.
            }
            mutex.release();
            System.out.println("RELEASED");
            System.out.flush();
        }
    }
}
