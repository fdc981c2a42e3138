//! A real Slurm: starts munged, slurmctld and slurmd on localhost (one node, state in a temp
//! folder), submits deploy/slurm/textpipe-array.sbatch as a 4-task job array and checks that
//! the merged output equals a one-process run.
//!
//! Skipped (with a message) when Slurm or munge is not installed or when not running as root;
//! `.ci/run` installs Debian's `slurm-wlm` and `munge`.

use crate::TEXTPIPE;
use std::io::Read;
use std::net::TcpListener;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use textpipe_testkit::{ok, read_jsonl, sort_by_id, synthetic_jsonl, workspace_root, Env};

/// Finds `name` on PATH or in the sbin folders (not always on a user's PATH).
fn tool(name: &str) -> Option<PathBuf> {
    let path = std::env::var("PATH").unwrap_or_default();
    path.split(':')
        .map(PathBuf::from)
        .chain(
            [
                "/usr/sbin",
                "/usr/bin",
                "/sbin",
                "/usr/local/sbin",
                "/usr/local/bin",
            ]
            .map(PathBuf::from),
        )
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

struct Tools {
    munged: PathBuf,
    slurmctld: PathBuf,
    slurmd: PathBuf,
    sbatch: PathBuf,
    sinfo: PathBuf,
    scancel: PathBuf,
}

fn tools() -> Result<Tools, String> {
    let find = |n: &str| tool(n).ok_or_else(|| format!("`{n}` is not installed"));
    Ok(Tools {
        munged: find("munged")?,
        slurmctld: find("slurmctld")?,
        slurmd: find("slurmd")?,
        sbatch: find("sbatch")?,
        sinfo: find("sinfo")?,
        scancel: find("scancel")?,
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn hostname() -> String {
    let out = Command::new("hostname").arg("-s").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The daemons of a one-node cluster; stopped (and their jobs cancelled) on drop.
struct Cluster {
    dir: PathBuf,
    conf: PathBuf,
    daemons: Vec<(&'static str, Child)>,
    scancel: PathBuf,
}

impl Cluster {
    fn start(t: &Tools, dir: &Path) -> Cluster {
        for d in ["munge", "state", "spool", "log"] {
            std::fs::create_dir_all(dir.join(d)).unwrap();
        }
        let mut cluster = Cluster {
            dir: dir.to_path_buf(),
            conf: dir.join("slurm.conf"),
            daemons: Vec::new(),
            scancel: t.scancel.clone(),
        };
        // munge: a fresh key and a private socket.
        let key = dir.join("munge/munge.key");
        let mut bytes = vec![0u8; 1024];
        std::fs::File::open("/dev/urandom")
            .unwrap()
            .read_exact(&mut bytes)
            .unwrap();
        std::fs::write(&key, bytes).unwrap();
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o600)).unwrap();
        let socket = dir.join("munge/munge.socket");
        let munged = Command::new(&t.munged)
            .arg("-F")
            .arg("-f")
            .arg(format!("--socket={}", socket.display()))
            .arg(format!("--key-file={}", key.display()))
            .arg(format!(
                "--pid-file={}",
                dir.join("munge/munged.pid").display()
            ))
            .arg(format!("--seed-file={}", dir.join("munge/seed").display()))
            .arg(format!(
                "--log-file={}",
                dir.join("log/munged.log").display()
            ))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        cluster.daemons.push(("munged", munged));
        cluster.wait_for("munge socket", 30, || socket.exists());

        let d = dir.display();
        let conf = format!(
            "ClusterName=textpipe-test
SlurmctldHost={host}(127.0.0.1)
SlurmctldPort={ctld_port}
SlurmdPort={d_port}
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={socket}
StateSaveLocation={d}/state
SlurmdSpoolDir={d}/spool
SlurmctldPidFile={d}/slurmctld.pid
SlurmdPidFile={d}/slurmd.pid
SlurmctldLogFile={d}/log/slurmctld.log
SlurmdLogFile={d}/log/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
",
            host = hostname(),
            ctld_port = free_port(),
            d_port = free_port(),
            socket = socket.display(),
        );
        std::fs::write(&cluster.conf, conf).unwrap();
        for (name, bin, extra) in [
            ("slurmctld", &t.slurmctld, vec![]),
            ("slurmd", &t.slurmd, vec!["-N", "localhost"]),
        ] {
            let log = std::fs::File::create(dir.join(format!("log/{name}.out"))).unwrap();
            let child = Command::new(bin)
                .arg("-D")
                .arg("-f")
                .arg(&cluster.conf)
                .args(extra)
                .env("SLURM_CONF", &cluster.conf)
                .stdout(log.try_clone().unwrap())
                .stderr(log)
                .spawn()
                .unwrap();
            cluster.daemons.push((name, child));
            if name == "slurmctld" {
                std::thread::sleep(Duration::from_millis(500));
            }
        }
        let sinfo = t.sinfo.clone();
        let conf = cluster.conf.clone();
        cluster.wait_for("the node to be idle", 60, || {
            Command::new(&sinfo)
                .args(["-h", "-o", "%T"])
                .env("SLURM_CONF", &conf)
                .output()
                .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "idle")
        });
        cluster
    }

    /// Polls `ready` for `secs` seconds; on timeout fails with the daemons' logs.
    fn wait_for(&mut self, what: &str, secs: u64, mut ready: impl FnMut() -> bool) {
        let deadline = Instant::now() + Duration::from_secs(secs);
        while !ready() {
            let exited = self
                .daemons
                .iter_mut()
                .find_map(|(name, child)| match child.try_wait() {
                    Ok(Some(st)) => Some(format!("{name} exited ({st})")),
                    _ => None,
                });
            if let Some(why) = exited {
                panic!("{why} while waiting for {what}\n{}", self.logs());
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}\n{}", self.logs());
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn logs(&self) -> String {
        let mut s = String::new();
        for f in [
            "munged.log",
            "slurmctld.log",
            "slurmd.log",
            "slurmctld.out",
            "slurmd.out",
        ] {
            let text = std::fs::read_to_string(self.dir.join("log").join(f)).unwrap_or_default();
            let tail: Vec<&str> = text.lines().rev().take(30).collect();
            s.push_str(&format!("--- {f} ---\n"));
            for l in tail.into_iter().rev() {
                s.push_str(l);
                s.push('\n');
            }
        }
        s
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = Command::new(&self.scancel)
            .args(["--full", "--user=root"])
            .env("SLURM_CONF", &self.conf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        // Stop slurmd, then slurmctld, then munged.
        // SIGTERM first so that slurmctld stops its slurmscriptd helper; SIGKILL after 10 s.
        for (_, child) in self.daemons.iter_mut().rev() {
            let _ = Command::new("sh")
                .args(["-c", &format!("kill -TERM {}", child.id())])
                .status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while matches!(child.try_wait(), Ok(None)) && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(100));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn slurm_job_array_equals_one_process() {
    let t = match tools() {
        Ok(t) => t,
        Err(why) => {
            eprintln!("SKIPPED slurm_job_array_equals_one_process: {why} (install slurm-wlm and munge, as .ci/run does)");
            return;
        }
    };
    if !is_root() {
        eprintln!("SKIPPED slurm_job_array_equals_one_process: the test cluster runs its daemons as root (SlurmUser=root)");
        return;
    }
    let env = Env::new(TEXTPIPE);
    let cluster = Cluster::start(&t, &env.path("slurm"));

    env.write("in/corpus.jsonl", synthetic_jsonl(200));
    env.write(
        "pipeline.json",
        r#"{"name": "split", "stages": [{"stage": "sentence-split"}]}"#,
    );
    ok(&env.run(&[
        "run",
        "-q",
        "-p",
        "pipeline.json",
        "-i",
        "in/corpus.jsonl",
        "-o",
        "single.jsonl.zst",
    ]));

    // First submission: all four shards run.
    let logs = submit(&t, &cluster, &env, "run1");
    for i in 0..4 {
        assert!(logs.contains(&format!("array task {i} of 4")), "{logs}");
    }
    assert!(!logs.contains("already complete"), "{logs}");
    check_merged(&env);

    // Shard 2 lost (say, its node died before the marker was written): resubmitting the same
    // array reruns only shard 2; the others find their markers and skip.
    std::fs::remove_file(env.path("out/_completions/00002.json")).unwrap();
    std::fs::remove_file(env.path("out/part-00002.jsonl.zst")).unwrap();
    let status = env.run(&["status", "out"]);
    assert!(String::from_utf8_lossy(&status.stdout).contains("missing: 00002"));
    let logs = submit(&t, &cluster, &env, "run2");
    assert_eq!(logs.matches("already complete").count(), 3, "{logs}");
    check_merged(&env);
    drop(cluster);
}

/// Submits deploy/slurm/textpipe-array.sbatch as a 4-task array, waits for it, and returns
/// the tasks' logs (stdout and stderr of each array task).
fn submit(t: &Tools, cluster: &Cluster, env: &Env, name: &str) -> String {
    let script = workspace_root().join("deploy/slurm/textpipe-array.sbatch");
    let vars = format!(
        "ALL,TEXTPIPE={},PIPELINE=pipeline.json,INPUTS=in/corpus.jsonl,OUTDIR=out",
        TEXTPIPE
    );
    let logdir = env.path(&format!("slurm/{name}"));
    std::fs::create_dir_all(&logdir).unwrap();
    let sbatch_log = std::fs::File::create(logdir.join("sbatch.log")).unwrap();
    let mut sbatch = Command::new(&t.sbatch)
        .arg("--wait")
        .arg("--array=0-3")
        .arg("--cpus-per-task=1")
        .arg(format!("--chdir={}", env.path("").display()))
        .arg(format!("--output={}/task-%A_%a.out", logdir.display()))
        .arg(format!("--export={vars}"))
        .arg(&script)
        .env("SLURM_CONF", &cluster.conf)
        .stdout(sbatch_log.try_clone().unwrap())
        .stderr(sbatch_log)
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(300);
    let status = loop {
        if let Some(st) = sbatch.try_wait().unwrap() {
            break st;
        }
        if Instant::now() > deadline {
            let _ = sbatch.kill();
            panic!(
                "the job array did not finish within 300 s\n{}",
                cluster.logs()
            );
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let mut logs = String::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&logdir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for f in files {
        logs.push_str(&format!(
            "--- {} ---\n{}",
            f.display(),
            std::fs::read_to_string(&f).unwrap_or_default()
        ));
    }
    assert!(
        status.success(),
        "sbatch --wait failed ({status})\n{logs}\n{}",
        cluster.logs()
    );
    logs
}

/// The shards' outputs together equal the one-process output (sorted by id).
fn check_merged(env: &Env) {
    let mut expected = read_jsonl(&env.path("single.jsonl.zst"));
    let mut got = Vec::new();
    for i in 0..4 {
        let part = read_jsonl(&env.path(&format!("out/part-{i:05}.jsonl.zst")));
        assert!(!part.is_empty(), "shard {i} is empty");
        got.extend(part);
    }
    sort_by_id(&mut expected);
    sort_by_id(&mut got);
    assert_eq!(got.len(), 200);
    assert_eq!(got, expected);
    let status = env.run(&["status", "out"]);
    ok(&status);
    assert!(String::from_utf8_lossy(&status.stdout).contains("4/4 shards done"));
}
