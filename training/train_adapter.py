"""Train the embedded model's LoRA adapter on CPU, resumable, and convert it to GGUF.

    pip install -r training/requirements.txt          # a separate environment: torch is never an app dependency
    python -m training.build                           # the examples and their splits
    python training/train_adapter.py --gguf PATH/SmolLM2-135M-Instruct.Q4_1.gguf \
        --llama-cpp-sdist PATH/llama_cpp_python-0.3.36.tar.gz

Loads the GGUF weights the app runs (dequantised by transformers), trains LoRA
(r=16 on every attention and MLP projection) on ``training/examples/train.jsonl``
with the loss on the reply only, checkpoints every ``--every`` steps to
``training/checkpoints/`` and resumes from the last one, then converts the
adapter with ``convert_lora_to_gguf.py`` from the llama-cpp-python source
distribution into ``coach/models/adapter/coach-adapter.gguf``. Runs offline once
the packages are installed; never in CI. Prints its settings and timings.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from transformers import AutoModelForCausalLM, AutoTokenizer

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "training" / "examples"
WORK = ROOT / "training" / "checkpoints"
OUTFILE = ROOT / "coach" / "models" / "adapter" / "coach-adapter.gguf"
TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def encode(tok, ex: dict, max_len: int) -> tuple[list[int], list[int]] | None:
    """Token ids of prompt + reply, and labels that score the reply only (None if too long)."""
    prompt = tok.apply_chat_template(ex["messages"], tokenize=False, add_generation_prompt=True)
    full = tok.apply_chat_template(ex["messages"] + [{"role": "assistant", "content": ex["output"]}], tokenize=False)
    p_ids = tok(prompt, add_special_tokens=False)["input_ids"]
    ids = tok(full, add_special_tokens=False)["input_ids"]
    if len(ids) > max_len or ids[: len(p_ids)] != p_ids:
        return None
    return ids, [-100] * len(p_ids) + ids[len(p_ids):]


def batches(rows: list[tuple[list[int], list[int]]], size: int, seed: int) -> list[list[int]]:
    """Index batches of similar length (less padding), in a shuffled order."""
    order = sorted(range(len(rows)), key=lambda i: len(rows[i][0]))
    chunks = [order[i: i + size] for i in range(0, len(order), size)]
    random.Random(seed).shuffle(chunks)
    return chunks


def collate(rows, idx, pad: int) -> dict[str, torch.Tensor]:
    width = max(len(rows[i][0]) for i in idx)
    ids = torch.full((len(idx), width), pad)
    labels = torch.full((len(idx), width), -100)
    mask = torch.zeros((len(idx), width), dtype=torch.long)
    for r, i in enumerate(idx):
        x, y = rows[i]
        ids[r, : len(x)], labels[r, : len(y)], mask[r, : len(x)] = torch.tensor(x), torch.tensor(y), 1
    return {"input_ids": ids, "labels": labels, "attention_mask": mask}


def load_base(gguf: Path):
    tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    model = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
    return tok, model


def save_base(model, tok, where: Path) -> None:
    """The dequantised base as a transformers folder (the converter reads its config)."""
    if (where / "config.json").is_file():
        return
    model.hf_quantizer = None  # the weights are plain float32 already
    if hasattr(model.config, "quantization_config"):
        del model.config.quantization_config
    model.save_pretrained(str(where))
    tok.save_pretrained(str(where))


def convert(adapter_dir: Path, base_dir: Path, sdist: Path, outfile: Path) -> None:
    tools = WORK / "llama.cpp"
    if not (tools / "convert_lora_to_gguf.py").is_file():
        with tarfile.open(sdist) as tar:
            members = [m for m in tar.getmembers() if "/vendor/llama.cpp/" in m.name]
            for m in members:
                m.name = m.name.split("/vendor/llama.cpp/", 1)[1]
            tar.extractall(tools, members=members, filter="data")
    outfile.parent.mkdir(parents=True, exist_ok=True)
    env_path = str(tools / "gguf-py")
    subprocess.run([sys.executable, str(tools / "convert_lora_to_gguf.py"), "--base", str(base_dir), "--outtype", "f16",
                    "--outfile", str(outfile), str(adapter_dir)], check=True,
                   env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"})


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gguf", type=Path, required=True)
    ap.add_argument("--llama-cpp-sdist", type=Path, required=True)
    ap.add_argument("--epochs", type=float, default=1.0)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=3e-4)
    ap.add_argument("--rank", type=int, default=16)
    ap.add_argument("--max-len", type=int, default=384)
    ap.add_argument("--every", type=int, default=20, help="checkpoint every N steps")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--tasks", default="answer,partner,phrase", help="the tasks trained on (comma-separated)")
    ap.add_argument("--out", type=Path, default=OUTFILE, help="where the GGUF adapter is written")
    args = ap.parse_args(argv)
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    WORK.mkdir(parents=True, exist_ok=True)
    tok, model = load_base(args.gguf)
    save_base(model, tok, WORK / "base")
    rows, skipped, tasks = [], 0, set(args.tasks.split(","))
    for line in (EXAMPLES / "train.jsonl").open(encoding="utf-8"):
        ex = json.loads(line)
        if ex["task"] not in tasks:
            continue
        enc = encode(tok, ex, args.max_len)
        if enc is None:
            skipped += 1
        else:
            rows.append(enc)
    plan = [b for epoch in range(math.ceil(args.epochs)) for b in batches(rows, args.batch, seed=epoch)]
    total = int(len(plan) * args.epochs / math.ceil(args.epochs))
    config = LoraConfig(r=args.rank, lora_alpha=2 * args.rank, lora_dropout=0.05, target_modules=TARGETS,
                        task_type="CAUSAL_LM")
    state_file = WORK / "state.pt"
    if state_file.is_file():
        model = PeftModel.from_pretrained(model, str(WORK / "adapter"), is_trainable=True)
    else:
        model = get_peft_model(model, config)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.0)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / 20) * 0.5 * (1 + math.cos(math.pi * min(1.0, s / max(1, total)))))
    step = 0
    if state_file.is_file():
        state = torch.load(state_file)
        opt.load_state_dict(state["opt"])
        sched.load_state_dict(state["sched"])
        step = state["step"]
    print(json.dumps({"tasks": sorted(tasks), "examples": len(rows), "skipped_too_long": skipped, "steps": total, "resume_at": step,
                      "batch": args.batch, "lr": args.lr, "rank": args.rank, "max_len": args.max_len,
                      "trainable": sum(p.numel() for p in params)}), flush=True)
    model.train()
    start = time.time()
    while step < total:
        batch = collate(rows, plan[step], tok.pad_token_id or 0)
        loss = model(**batch).loss
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        step += 1
        if step % 5 == 0:
            print(f"step {step}/{total} loss {loss.item():.3f} {time.time() - start:.0f}s", flush=True)
        if step % args.every == 0 or step == total:
            model.save_pretrained(str(WORK / "adapter"))
            torch.save({"opt": opt.state_dict(), "sched": sched.state_dict(), "step": step}, state_file)
    convert(WORK / "adapter", WORK / "base", args.llama_cpp_sdist, args.out)
    print(json.dumps({"adapter": str(args.out), "bytes": args.out.stat().st_size,
                      "train_seconds": round(time.time() - start)}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
