"""Generate the sample archive's media files from its content.

Takes videos.yml, the experts and the answered questions of the self-hosted talk
(content/talks/genf-design/*.md). Gives the recording media/genf-design.mp4 (VP9 + Opus in
MP4, 640x360 at 1 fps): German speech by espeak-ng that reads each answered question and its
answer summary, starting at the question's `answer.start` second, silence in between; its
captions media/genf-design.de.vtt (cue text = what is spoken, cue times = where it is); and
the thumbnails content/.cache/<talk-id>.jpg of both sample talks.

Needs ffmpeg (libvpx-vp9, libopus; drawtext for text in the picture) and espeak-ng.
Run from anywhere: `/tmp/venv/bin/python scripts/make_sample_media.py`. Fixed encoder
parameters and bitexact flags keep the output reproducible on the same ffmpeg/espeak-ng.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import textwrap
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import frontmatter
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.timestamps import parse_timestamp

SELF_HOSTED = "genf-design"
DURATION = 330  # seconds; the sample recording is a shortened 15-minute talk
VOICE, SPEED, PAUSE = "de", 150, 0.5  # espeak-ng voice, words per minute, seconds between lines
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
COLOURS = {"genf-aerodynamik": "0x0b4f4a", SELF_HOSTED: "0x283593"}
ACCENT = "0xffc107"
INTRO = "Willkommen zum Live-Talk von Nordwerk auf dem Automobilsalon Genf. Heute antwortet {}."
OUTRO = "Vielen Dank für Ihre Fragen! Die offenen Fragen beantworten wir im Blog."
OUTRO_START = 305
FFMPEG = ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y"]
BITEXACT = ["-map_metadata", "-1", "-fflags", "+bitexact", "-flags", "+bitexact"]
# Single-threaded libvpx gives the same bytes on every run; crf 40 keeps text edges clean.
VP9 = ["-c:v", "libvpx-vp9", "-b:v", "0", "-crf", "40", "-g", "30", "-pix_fmt", "yuv420p"]
VP9 += ["-deadline", "good", "-cpu-used", "4", "-row-mt", "0", "-threads", "1"]
# Speech only: 16 kbit/s mono wideband; 60 ms frames halve the per-packet container overhead.
OPUS = ["-c:a", "libopus", "-b:a", "16k", "-ac", "1", "-ar", "16000"]
OPUS += ["-application", "voip", "-frame_duration", "60"]


@dataclass(frozen=True)
class Block:
    """What is said from one second on: the intro, one answer, or the outro."""

    start: int
    lines: tuple[str, ...]
    end: int | None = None  # the answer's end in the question file, to check against
    name: str = ""
    caption: str = ""  # shown in the picture while the block lasts


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def main() -> None:
    talks = {t["id"]: t for t in yaml.safe_load((ROOT / "videos.yml").read_text("utf-8"))}
    talk = talks[SELF_HOSTED]
    blocks = speech_blocks(talk)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cues, wav = synthesize(blocks, work)
        check_fits(blocks, cues)
        (ROOT / "media").mkdir(exist_ok=True)
        mp4 = ROOT / "media" / f"{SELF_HOSTED}.mp4"
        encode(wav, video_filters(talk, blocks, cues, work, 1), mp4, COLOURS[SELF_HOSTED])
        write_vtt(cues, ROOT / "media" / f"{SELF_HOSTED}.de.vtt")
        for talk_id in sorted(COLOURS):
            thumbnail(talks[talk_id], work, ROOT / "content" / ".cache" / f"{talk_id}.jpg")
    print(f"wrote {mp4.relative_to(ROOT)} ({mp4.stat().st_size} bytes, {len(cues)} cues)")


def speech_blocks(talk: dict[str, Any]) -> list[Block]:
    """The intro, one block per answered question in answer order, and the outro."""
    experts = [read_expert(str(e)) for e in talk["experts"]]
    blocks = [Block(1, (INTRO.format(" und ".join(experts)),), name="intro")]
    for path in sorted((ROOT / "content" / "talks" / SELF_HOSTED).glob("*.md")):
        post = frontmatter.load(path)
        if post.get("status") == "answered" and post.get("answer"):
            blocks.append(answer_block(path.stem, post))
    blocks.sort(key=lambda b: b.start)
    return [*blocks, Block(OUTRO_START, (OUTRO,), name="outro")]


def read_expert(expert_id: str) -> str:
    post = frontmatter.load(ROOT / "content" / "experts" / f"{expert_id}.md")
    return f"{post['name']}, {post['role']}" if post.get("role") else str(post["name"])


def answer_block(name: str, post: frontmatter.Post) -> Block:
    answer = cast(dict[str, Any], post["answer"])
    end = parse_timestamp(answer["end"]).seconds if answer.get("end") is not None else None
    asker = spoken_name(str(post.get("asked_by") or ""))
    first = f"Frage von {asker}: {post['question']}" if asker else f"Frage: {post['question']}"
    lines = (first, *sentences(plain_text(post.content)))
    start = parse_timestamp(answer["start"]).seconds
    return Block(start, lines, end, name, caption=str(post["question"]))


def spoken_name(handle: str) -> str:
    """Handles like `@ampere_andi` as a speaker would say them."""
    return handle.lstrip("@").replace("_", " ").strip()


def plain_text(markdown: str) -> str:
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"[*_`#>]", "", text)
    return " ".join(text.split())


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def synthesize(blocks: list[Block], work: Path) -> tuple[list[Cue], Path]:
    """Speak every line into one mono timeline; give the cues and the timeline's WAV file."""
    rate, timeline, cues = 0, bytearray(), []
    for block in blocks:
        cursor = float(block.start)
        for number, line in enumerate(block.lines):
            rate, frames = speak(line, work / f"{block.name}-{number}.wav")
            first = round(cursor * rate)
            if not timeline:
                timeline = bytearray(DURATION * rate * 2)
            timeline[first * 2 : first * 2 + len(frames)] = frames
            end = (first + len(frames) // 2) / rate
            cues.append(Cue(first / rate, end, line))
            cursor = end + PAUSE
    wav = work / "timeline.wav"
    with wave.open(str(wav), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(timeline[: DURATION * rate * 2]))
    return cues, wav


def speak(text: str, wav: Path) -> tuple[int, bytes]:
    run(["espeak-ng", "-v", VOICE, "-s", str(SPEED), "-w", str(wav), text])
    with wave.open(str(wav), "rb") as clip:
        if clip.getnchannels() != 1 or clip.getsampwidth() != 2:
            raise SystemExit(f"espeak-ng wrote an unexpected format: {wav}")
        return clip.getframerate(), clip.readframes(clip.getnframes())


def check_fits(blocks: list[Block], cues: list[Cue]) -> None:
    """Stop when speech runs past the next block, the answer's `end`, or the recording."""
    problems, index = [], 0
    for block, following in zip(blocks, [*blocks[1:], None], strict=True):
        index += len(block.lines)
        spoken_end = cues[index - 1].end
        limit = min(following.start if following else DURATION, block.end or DURATION)
        if spoken_end > limit:
            problems.append(f"{block.name}: speech ends at {spoken_end:.2f} s, after {limit} s")
    if problems:
        raise SystemExit("\n".join(problems))


def video_filters(
    talk: dict[str, Any], blocks: list[Block], cues: list[Cue], work: Path, scale: int
) -> list[str]:
    """The talk card, plus the question being answered while its answer lasts."""
    filters = card(talk, work, scale)
    if not filters:
        return filters
    index = 0
    for block in blocks:
        index += len(block.lines)
        if block.caption:
            until = block.end or cues[index - 1].end
            text = "Frage:\n" + "\n".join(textwrap.wrap(block.caption, 46))
            enable = f"between(t,{block.start},{until})"
            filters.append(drawtext(work, block.name, text, 17, "h*0.62", enable=enable))
    return filters


def card(talk: dict[str, Any], work: Path, scale: int) -> list[str]:
    """Title, event and experts on a coloured background; plain colour without drawtext."""
    if not drawtext_available():
        return []
    title = "\n".join(textwrap.wrap(str(talk["title"]), 34))
    experts = ", ".join(read_expert(str(e)) for e in talk["experts"])
    return [
        f"drawbox=x=0:y=0:w=iw:h={12 * scale}:color={ACCENT}:t=fill",
        drawtext(work, "title", title, 26 * scale, f"{40 * scale}", bold=True),
        drawtext(work, "event", "Nordwerk · Automobilsalon Genf 2013", 17 * scale, "h*0.40"),
        drawtext(work, "experts", experts, 17 * scale, "h*0.48"),
    ]


def drawtext(
    work: Path, name: str, text: str, size: int, y: str, *, bold: bool = False, enable: str = ""
) -> str:
    """A drawtext filter reading `text` from a file, so no filtergraph escaping is needed."""
    textfile = work / f"text-{name}-{size}.txt"
    textfile.write_text(text, "utf-8")
    font = FONT_DIR / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")
    options = [
        f"fontfile={font}",
        f"textfile={textfile}",
        "expansion=none",
        "fontcolor=white",
        f"fontsize={size}",
        f"line_spacing={size // 3}",
        f"x=(w-text_w)/2:y={y}",
    ]
    return "drawtext=" + ":".join(options) + (f":enable='{enable}'" if enable else "")


def drawtext_available() -> bool:
    fonts = all((FONT_DIR / f).exists() for f in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))
    filters = run(["ffmpeg", "-hide_banner", "-filters"])
    return fonts and re.search(r"^\s*\S+\s+drawtext\s", filters, re.MULTILINE) is not None


def encode(wav: Path, filters: list[str], mp4: Path, colour: str) -> None:
    background = f"color=c={colour}:s=640x360:r=1:d={DURATION}"
    inputs = ["-f", "lavfi", "-i", background, "-i", str(wav)]
    vf = ",".join(filters) or "null"
    output = [*BITEXACT, "-t", str(DURATION), "-movflags", "+faststart", str(mp4)]
    run([*FFMPEG, *inputs, "-vf", vf, *VP9, *OPUS, *output])


def thumbnail(talk: dict[str, Any], work: Path, jpg: Path) -> None:
    """A 1280x720 JPEG of the talk card."""
    background = f"color=c={COLOURS[str(talk['id'])]}:s=1280x720:d=1"
    filters = ",".join(card(talk, work, 2)) or "null"
    output = [*BITEXACT, "-frames:v", "1", "-q:v", "3", "-pix_fmt", "yuvj420p", str(jpg)]
    run([*FFMPEG, "-f", "lavfi", "-i", background, "-vf", filters, *output])


def write_vtt(cues: list[Cue], path: Path) -> None:
    blocks = [f"{vtt_time(c.start)} --> {vtt_time(c.end)}\n{c.text}\n" for c in cues]
    path.write_text("WEBVTT\n\n" + "\n".join(blocks), "utf-8")


def vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def run(command: list[str]) -> str:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{command[0]} failed ({done.returncode}):\n{done.stderr.strip()}")
    return done.stdout


if __name__ == "__main__":
    main()
