//! Sharded runs: N processes (as a Slurm job array or a Kubernetes Indexed Job starts them)
//! give the same documents as one process; completion markers, --resume, status,
//! merge-stats; SIGINT/SIGTERM and SIGKILL leave no partial file under a final name.

use crate::TEXTPIPE;
use serde_json::Value;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use textpipe_testkit::{
    fails, files_containing, ok, read_jsonl, read_lines as lines, sort_by_id,
    sort_lines_by_id as by_id, synthetic_jsonl, wait_timeout as wait, workspace_root, Env,
};

/// A fast one-stage pipeline (written into each test's folder).
const PIPELINE: &str = r#"{"name": "split", "stages": [{"stage": "sentence-split"}]}"#;

/// Scheduler variables that must not leak from the environment running the tests.
const SCHED_VARS: [&str; 6] = [
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_COUNT",
    "SLURM_ARRAY_TASK_MIN",
    "SLURM_ARRAY_TASK_STEP",
    "JOB_COMPLETION_INDEX",
    "TEXTPIPE_NUM_SHARDS",
];

/// `textpipe` in `env`'s folder with a clean scheduler environment plus `vars`.
fn cmd(env: &Env, vars: &[(&str, String)]) -> Command {
    let mut c = env.cmd();
    for v in SCHED_VARS {
        c.env_remove(v);
    }
    for (k, v) in vars {
        c.env(k, v);
    }
    c.stdin(Stdio::null());
    c
}

fn run_args(extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = ["run", "-p", "pipeline.json"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

/// Lines of every `out/part-*.jsonl`, in shard order.
fn shard_lines(env: &Env, n: usize) -> Vec<String> {
    (0..n)
        .flat_map(|i| lines(&env.path(&format!("out/part-{i:05}.jsonl"))))
        .collect()
}

/// A corpus of `files` JSONL files holding `docs` documents in all (ids `doc-NNNN` follow the
/// input order: file names sort in the same order).
fn corpus(env: &Env, files: usize, docs: usize) -> Vec<String> {
    let all = synthetic_jsonl(docs);
    let all: Vec<&str> = all.lines().collect();
    let per = docs.div_ceil(files);
    let mut names = Vec::new();
    for (f, chunk) in all.chunks(per).enumerate() {
        let name = format!("in/part{f:02}.jsonl");
        env.write(&name, chunk.join("\n") + "\n");
        names.push(name);
    }
    env.write("pipeline.json", PIPELINE);
    names
}

fn input_args(names: &[String]) -> Vec<String> {
    names
        .iter()
        .flat_map(|n| ["-i".to_string(), n.clone()])
        .collect()
}

/// The one-process reference output, sorted by id.
fn one_process(env: &Env, inputs: &[String]) -> Vec<String> {
    let mut args = run_args(&["-o", "single.jsonl"]);
    args.extend(input_args(inputs));
    ok(&cmd(env, &[]).args(&args).output().unwrap());
    by_id(lines(&env.path("single.jsonl")))
}

/// Runs shard `i` of `n` with `vars` and `extra` flags, returning the output.
fn shard(
    env: &Env,
    inputs: &[String],
    vars: &[(&str, String)],
    extra: &[&str],
) -> std::process::Output {
    let mut args = run_args(&["-o", "out/part-{shard}.jsonl"]);
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(input_args(inputs));
    cmd(env, vars).args(&args).output().unwrap()
}

fn slurm(i: usize, n: usize) -> Vec<(&'static str, String)> {
    vec![
        ("SLURM_ARRAY_TASK_ID", i.to_string()),
        ("SLURM_ARRAY_TASK_COUNT", n.to_string()),
        ("SLURM_ARRAY_TASK_MIN", "0".to_string()),
    ]
}

#[test]
fn slurm_array_shards_equal_one_process_for_one_file_and_many() {
    // One file with 4 shards interleaves records; 6 files with 4 shards assign whole files.
    for files in [1, 6] {
        let env = Env::new(TEXTPIPE);
        let inputs = corpus(&env, files, 90);
        let expected = one_process(&env, &inputs);
        assert_eq!(expected.len(), 90);
        for i in 0..4 {
            let out = shard(&env, &inputs, &slurm(i, 4), &["-v"]);
            let stderr = ok(&out);
            assert!(
                stderr.contains("SLURM_ARRAY_TASK_ID"),
                "the shard source is not logged:\n{stderr}"
            );
        }
        let got = shard_lines(&env, 4);
        assert_eq!(by_id(got.clone()), expected, "{files} file(s)");
        // No shard is empty, and every shard has a marker.
        for i in 0..4 {
            assert!(!lines(&env.path(&format!("out/part-{i:05}.jsonl"))).is_empty());
            assert!(env.path(&format!("out/_completions/{i:05}.json")).exists());
        }
    }
}

#[test]
fn record_shards_share_the_input_bytes_and_one_limit() {
    let env = Env::new(TEXTPIPE);
    let inputs = corpus(&env, 1, 60);
    let size = std::fs::metadata(env.path(&inputs[0])).unwrap().len();
    for i in 0..3 {
        ok(&shard(
            &env,
            &inputs,
            &slurm(i, 3),
            &["--stats", "out/stats-{shard}.json"],
        ));
    }
    let mut args = vec!["merge-stats".to_string()];
    args.extend((0..3).map(|i| format!("out/stats-{i:05}.json")));
    let merged: Value = serde_json::from_str(&ok_stdout(&env, &args)).unwrap();
    assert_eq!(merged["read"], 60);
    // Each shard reads the whole file but reports its share: they add up to the file, give or
    // take the rounding of each share.
    let bytes = merged["input_bytes"].as_u64().unwrap();
    assert!(bytes <= size && bytes + 3 >= size, "{bytes} vs {size}");

    // --limit with record shards: the first 10 records of the input, split among the shards.
    let env = Env::new(TEXTPIPE);
    let inputs = corpus(&env, 1, 60);
    let expected: Vec<String> = one_process(&env, &inputs).into_iter().take(10).collect();
    for i in 0..3 {
        ok(&shard(&env, &inputs, &slurm(i, 3), &["--limit", "10"]));
    }
    assert_eq!(by_id(shard_lines(&env, 3)), expected);
}

/// Runs `textpipe args` and returns its standard output (failing the test on an error).
fn ok_stdout(env: &Env, args: &[String]) -> String {
    let out = cmd(env, &[]).args(args).output().unwrap();
    ok(&out);
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn slurm_array_offset_by_task_min() {
    let env = Env::new(TEXTPIPE);
    let inputs = corpus(&env, 3, 30);
    let expected = one_process(&env, &inputs);
    for id in 1..=3 {
        let vars = vec![
            ("SLURM_ARRAY_TASK_ID", id.to_string()),
            ("SLURM_ARRAY_TASK_COUNT", "3".to_string()),
            ("SLURM_ARRAY_TASK_MIN", "1".to_string()),
        ];
        ok(&shard(&env, &inputs, &vars, &[]));
    }
    assert_eq!(by_id(shard_lines(&env, 3)), expected);
}

#[test]
fn kubernetes_indexed_job_four_pods_equal_one_process() {
    let env = Env::new(TEXTPIPE);
    let inputs = corpus(&env, 1, 120);
    let expected = one_process(&env, &inputs);
    // Four pods at once, each with the index the Job controller gives it.
    let mut pods: Vec<Child> = (0..4)
        .map(|i| {
            let mut args = run_args(&[
                "-o",
                "out/part-{shard}.jsonl",
                "--stats",
                "out/stats-{shard}.json",
            ]);
            args.extend(input_args(&inputs));
            cmd(
                &env,
                &[
                    ("JOB_COMPLETION_INDEX", i.to_string()),
                    ("TEXTPIPE_NUM_SHARDS", "4".to_string()),
                ],
            )
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
        })
        .collect();
    for pod in &mut pods {
        assert!(wait(pod, 120).success());
    }
    assert_eq!(by_id(shard_lines(&env, 4)), expected);

    let status = cmd(&env, &[]).args(["status", "out"]).output().unwrap();
    let text = ok(&status);
    let stdout = String::from_utf8_lossy(&status.stdout);
    assert!(stdout.contains("4/4 shards done"), "{stdout}{text}");

    // merge-stats over the --stats files and over the markers give the run totals.
    let stats: Vec<String> = (0..4).map(|i| format!("out/stats-{i:05}.json")).collect();
    let mut args = vec!["merge-stats".to_string()];
    args.extend(stats);
    args.extend(["-o".to_string(), "total.json".to_string()]);
    ok(&cmd(&env, &[]).args(&args).output().unwrap());
    let total = env.read_json("total.json");
    assert_eq!(total["read"], 120);
    assert_eq!(total["written"], 120);
    assert_eq!(total["stages"][0]["documents"], 120);
    let markers: Vec<String> = (0..4)
        .map(|i| format!("out/_completions/{i:05}.json"))
        .collect();
    let mut args = vec!["merge-stats".to_string()];
    args.extend(markers);
    let out = cmd(&env, &[]).args(&args).output().unwrap();
    ok(&out);
    let total: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(total["written"], 120);
}

#[test]
fn kubernetes_index_without_count_is_a_usage_error() {
    let env = Env::new(TEXTPIPE);
    let inputs = corpus(&env, 1, 4);
    let out = shard(
        &env,
        &inputs,
        &[("JOB_COMPLETION_INDEX", "1".to_string())],
        &[],
    );
    let err = fails(&out, 2);
    assert!(err.contains("TEXTPIPE_NUM_SHARDS"), "{err}");
}

#[test]
fn sharded_paths_need_the_placeholder() {
    let env = Env::new(TEXTPIPE);
    let inputs = corpus(&env, 2, 4);
    let mut args = run_args(&["-o", "out.jsonl", "--shard-index", "0", "--num-shards", "2"]);
    args.extend(input_args(&inputs));
    let err = fails(&cmd(&env, &[]).args(&args).output().unwrap(), 2);
    assert!(err.contains("{shard}"), "{err}");
    let mut args = run_args(&[
        "-o",
        "out/p-{shard}.jsonl",
        "--stats",
        "stats.json",
        "--shard-index",
        "0",
        "--num-shards",
        "2",
    ]);
    args.extend(input_args(&inputs));
    let err = fails(&cmd(&env, &[]).args(&args).output().unwrap(), 2);
    assert!(err.contains("--stats"), "{err}");
    let err = fails(
        &cmd(&env, &[])
            .args(run_args(&[
                "-o",
                "o-{shard}.jsonl",
                "-i",
                "-",
                "--shard-index",
                "1",
                "--num-shards",
                "2",
            ]))
            .output()
            .unwrap(),
        2,
    );
    assert!(err.contains("stdin"), "{err}");
    let err = fails(
        &shard(
            &env,
            &inputs,
            &[],
            &["--shard-index", "2", "--num-shards", "2"],
        ),
        2,
    );
    assert!(err.contains("out of range"), "{err}");
}

#[test]
fn resume_skips_done_shards_and_status_lists_missing() {
    let env = Env::new(TEXTPIPE);
    let inputs = corpus(&env, 5, 50);
    let expected = one_process(&env, &inputs);
    for i in [0, 1, 3] {
        ok(&shard(&env, &inputs, &slurm(i, 4), &[]));
    }
    let st = cmd(&env, &[]).args(["status", "out"]).output().unwrap();
    fails(&st, 1);
    let stdout = String::from_utf8_lossy(&st.stdout);
    assert!(
        stdout.contains("3/4 shards done") && stdout.contains("missing: 00002"),
        "{stdout}"
    );
    let st = cmd(&env, &[])
        .args(["status", "out", "--json"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&st.stdout).unwrap();
    assert_eq!(v["missing"], serde_json::json!([2]));

    // A rewrite of a finished shard would change its modification time.
    let mtime = std::fs::metadata(env.path("out/part-00001.jsonl"))
        .unwrap()
        .modified()
        .unwrap();
    for i in 0..4 {
        let out = shard(&env, &inputs, &slurm(i, 4), &["--resume"]);
        let stderr = ok(&out);
        let skipped = stderr.contains("already complete");
        assert_eq!(skipped, i != 2, "shard {i}: {stderr}");
    }
    assert_eq!(
        std::fs::metadata(env.path("out/part-00001.jsonl"))
            .unwrap()
            .modified()
            .unwrap(),
        mtime,
        "a finished shard was rewritten"
    );
    assert_eq!(by_id(shard_lines(&env, 4)), expected);
    ok(&cmd(&env, &[]).args(["status", "out"]).output().unwrap());
}

#[test]
fn resume_refuses_a_changed_config_or_input_unless_forced() {
    let env = Env::new(TEXTPIPE);
    let inputs = corpus(&env, 2, 20);
    for i in 0..2 {
        ok(&shard(&env, &inputs, &slurm(i, 2), &[]));
    }
    // Same stages, another name: the config text changed.
    env.write(
        "pipeline.json",
        r#"{"name": "split-v2", "stages": [{"stage": "sentence-split"}]}"#,
    );
    let err = fails(&shard(&env, &inputs, &slurm(0, 2), &["--resume"]), 2);
    assert!(
        err.contains("cannot resume") && err.contains("config") && err.contains("--force"),
        "{err}"
    );
    // The refused shard is untouched and still counts as done.
    assert!(env.path("out/_completions/00000.json").exists());
    let forced = shard(&env, &inputs, &slurm(0, 2), &["--resume", "--force"]);
    let stderr = ok(&forced);
    assert!(!stderr.contains("already complete"), "{stderr}");
    let marker = env.read_json("out/_completions/00000.json");
    assert_eq!(marker["stats"]["pipeline"], "split-v2");
    // status sees two different runs.
    let st = cmd(&env, &[]).args(["status", "out"]).output().unwrap();
    fails(&st, 1);
    assert!(String::from_utf8_lossy(&st.stdout).contains("different runs"));

    // Changed inputs (a document appended) are refused too.
    env.write("pipeline.json", PIPELINE);
    for i in 0..2 {
        ok(&shard(&env, &inputs, &slurm(i, 2), &[]));
    }
    let mut text = std::fs::read_to_string(env.path(&inputs[1])).unwrap();
    text.push_str("{\"id\": \"doc-9999\", \"text\": \"One more. Really.\"}\n");
    env.write(&inputs[1], text);
    let err = fails(&shard(&env, &inputs, &slurm(1, 2), &["--resume"]), 2);
    assert!(err.contains("input list changed"), "{err}");
    // And a different shard count.
    let err = fails(&shard(&env, &inputs, &slurm(1, 3), &["--resume"]), 2);
    assert!(err.contains("number of shards"), "{err}");
}

/// Starts shard `i` of `n` over a large input with one document per batch, waits until it
/// has written output bytes to its temporary file, and returns the child.
fn start_slow_shard(env: &Env, inputs: &[String], i: usize, n: usize, extra: &[&str]) -> Child {
    let mut args = run_args(&[
        "-o",
        "out/part-{shard}.jsonl",
        "--batch-size",
        "1",
        "-j",
        "1",
    ]);
    args.extend(extra.iter().map(|s| s.to_string()));
    args.extend(input_args(inputs));
    let mut child = cmd(env, &slurm(i, n))
        .args(&args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let tmp_prefix = format!(".part-{i:05}.jsonl.tmp-");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let writing = std::fs::read_dir(env.path("out")).ok().is_some_and(|rd| {
            rd.flatten().any(|e| {
                e.file_name().to_string_lossy().starts_with(&tmp_prefix)
                    && e.metadata().map(|m| m.len() > 0).unwrap_or(false)
            })
        });
        if writing {
            return child;
        }
        if let Some(st) = child.try_wait().unwrap() {
            panic!("textpipe ended ({st}) before it could be interrupted; input too small?");
        }
        assert!(Instant::now() < deadline, "no output written within 60 s");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The temporary files an atomic write left in `dir`.
fn temp_files(dir: &Path) -> Vec<String> {
    files_containing(dir, ".tmp-")
}

const BIG: usize = 20_000;

#[test]
fn sigkill_then_resume_is_byte_identical() {
    // Reference: an uninterrupted 2-shard run in another folder, same relative paths.
    let reference = Env::new(TEXTPIPE);
    let ref_inputs = corpus(&reference, 1, BIG);
    for i in 0..2 {
        ok(&shard(&reference, &ref_inputs, &slurm(i, 2), &[]));
    }

    let env = Env::new(TEXTPIPE);
    let inputs = corpus(&env, 1, BIG);
    ok(&shard(&env, &inputs, &slurm(0, 2), &[]));
    let mut child = start_slow_shard(&env, &inputs, 1, 2, &[]);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    assert!(
        !env.path("out/part-00001.jsonl").exists(),
        "partial file under the final name"
    );
    assert!(!env.path("out/_completions/00001.json").exists());
    assert!(
        !temp_files(&env.path("out")).is_empty(),
        "the killed run left no temp file"
    );
    fails(&cmd(&env, &[]).args(["status", "out"]).output().unwrap(), 1);

    for i in 0..2 {
        ok(&shard(&env, &inputs, &slurm(i, 2), &["--resume"]));
    }
    assert_eq!(
        temp_files(&env.path("out")),
        Vec::<String>::new(),
        "stale temp files kept"
    );
    for name in [
        "part-00000.jsonl",
        "part-00001.jsonl",
        "part-00000.rejects.jsonl",
        "part-00001.rejects.jsonl",
    ] {
        let a = std::fs::read(reference.path(&format!("out/{name}"))).unwrap();
        let b = std::fs::read(env.path(&format!("out/{name}"))).unwrap();
        assert!(a == b, "{name} differs from the uninterrupted run");
    }
    assert_eq!(shard_lines(&env, 2).len(), BIG);
}

#[test]
fn sigint_and_sigterm_exit_130_without_partial_files() {
    let env = Env::new(TEXTPIPE);
    let inputs = corpus(&env, 1, BIG);
    for signal in ["-INT", "-TERM"] {
        let mut child = start_slow_shard(&env, &inputs, 0, 1, &["--stats", "out/stats.json"]);
        // The shell's kill builtin: no dependency on procps.
        let status = Command::new("sh")
            .args(["-c", &format!("kill {signal} {}", child.id())])
            .status()
            .unwrap();
        assert!(status.success());
        let st = wait(&mut child, 60);
        assert_eq!(st.code(), Some(130), "{signal}: {st}");
        let out = env.path("out");
        for name in [
            "part-00000.jsonl",
            "part-00000.rejects.jsonl",
            "stats.json",
            "_completions/00000.json",
        ] {
            assert!(
                !out.join(name).exists(),
                "{signal}: {name} exists after an interrupted run"
            );
        }
        assert_eq!(
            temp_files(&out),
            Vec::<String>::new(),
            "{signal}: temp files left"
        );
    }
}

/// The container arguments, `completions` and `TEXTPIPE_NUM_SHARDS` of the Indexed Job
/// manifest (a line-based reading of the simple YAML there).
fn indexed_job_manifest() -> (Vec<String>, usize, usize) {
    let text =
        std::fs::read_to_string(workspace_root().join("deploy/k8s/indexed-job.yaml")).unwrap();
    let all: Vec<&str> = text.lines().collect();
    let value_after = |key: &str| -> String {
        let i = all
            .iter()
            .position(|l| l.trim() == key || l.trim().starts_with(key))
            .unwrap();
        all[i].trim()[key.len()..].trim().to_string()
    };
    let completions: usize = value_after("completions:").parse().unwrap();
    let env_at = all
        .iter()
        .position(|l| l.contains("name: TEXTPIPE_NUM_SHARDS"))
        .unwrap();
    let num: usize = all[env_at + 1]
        .trim()
        .trim_start_matches("value:")
        .split('#')
        .next()
        .unwrap()
        .trim()
        .trim_matches('"')
        .parse()
        .unwrap();
    let start = all.iter().position(|l| l.trim() == "args:").unwrap();
    let args = all[start + 1..]
        .iter()
        .take_while(|l| l.trim_start().starts_with("- "))
        .map(|l| l.trim_start()[2..].trim().to_string())
        .collect();
    (args, completions, num)
}

#[test]
fn kubernetes_manifest_runs_as_four_pods() {
    let (args, completions, num) = indexed_job_manifest();
    assert_eq!(
        completions, num,
        "TEXTPIPE_NUM_SHARDS must equal completions"
    );
    assert!(args.iter().any(|a| a.contains("{shard}")), "{args:?}");
    let env = Env::new(TEXTPIPE);
    env.write("config/pipeline.json", PIPELINE);
    for i in 0..10 {
        env.write(
            &format!("data/in/{}/a{i:02}.txt", i % 3),
            format!("Article {i} opens here. Dr. Lee said it was fine. The end of {i}."),
        );
    }
    let root = env.path("").display().to_string();
    let local: Vec<String> = args
        .iter()
        .map(|a| {
            a.replace("=/data/", &format!("={root}/data/"))
                .replace("=/config/", &format!("={root}/config/"))
        })
        .collect();
    let mut pods: Vec<Child> = (0..completions)
        .map(|i| {
            cmd(
                &env,
                &[
                    ("JOB_COMPLETION_INDEX", i.to_string()),
                    ("TEXTPIPE_NUM_SHARDS", num.to_string()),
                ],
            )
            .args(&local)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
        })
        .collect();
    for pod in &mut pods {
        assert!(wait(pod, 120).success());
    }
    ok(&cmd(&env, &[])
        .args([
            "run",
            "-p",
            "config/pipeline.json",
            "-i",
            "data/in",
            "-o",
            "single.jsonl",
        ])
        .output()
        .unwrap());
    let mut expected = read_jsonl(&env.path("single.jsonl"));
    sort_by_id(&mut expected);
    let mut got = Vec::new();
    for i in 0..completions {
        let part = read_jsonl(&env.path(&format!("data/out/part-{i:05}.jsonl.zst")));
        assert!(!part.is_empty(), "pod {i} got no article");
        got.extend(part);
    }
    sort_by_id(&mut got);
    assert_eq!(got.len(), 10);
    assert_eq!(got, expected);
    ok(&cmd(&env, &[])
        .args(["status", "data/out"])
        .output()
        .unwrap());
}
