"""A stand-in SMTP server for the e-mail tests: aiosmtpd on loopback.

Usage: smtp_sink.py PORT FOLDER [ANSWER ...]

Each message that reaches DATA is parsed with Python's email package and written to FOLDER
as NNNN.json (a temporary name, then renamed, so a reader never sees half a file): the
envelope, the decoded headers, the text body, the attachments, MIME defects and the longest
raw line. The first messages are answered with the ANSWERs in order (e.g. "451 4.3.0 Try
again later"); every later one is accepted with 250.
"""
import email
import json
import os
import signal
import sys
import threading
from email import policy

from aiosmtpd.controller import Controller


def describe(raw, answer, attempt, envelope):
    message = email.message_from_bytes(raw, policy=policy.default)
    defects = [type(d).__name__ for d in message.defects]
    attachments = []
    for part in message.walk():
        defects += [type(d).__name__ for d in part.defects]
        if part.get_content_disposition() == "attachment":
            attachments.append({
                "content_type": part.get_content_type(),
                "method": part.get_param("method") or "",
                "charset": part.get_content_charset() or "",
                "filename": part.get_filename() or "",
                "encoding": part.get("Content-Transfer-Encoding", ""),
                "content": part.get_content(),
            })
    body = message.get_body(preferencelist=("plain",))
    lines = raw.split(b"\r\n")
    return {
        "attempt": attempt,
        "answer": answer,
        "mail_from": envelope.mail_from,
        "rcpt_tos": envelope.rcpt_tos,
        "from": str(message["From"]),
        "to": str(message["To"]),
        "subject": str(message["Subject"]),
        "raw_subject": raw_header(raw, b"Subject"),
        "message_id": str(message["Message-ID"]),
        "date": str(message["Date"]),
        "mime_version": str(message["MIME-Version"]),
        "content_type": message.get_content_type(),
        "body": body.get_content() if body is not None else "",
        "body_charset": body.get_content_charset() if body is not None else "",
        "body_encoding": body.get("Content-Transfer-Encoding", "") if body is not None else "",
        "attachments": attachments,
        "defects": defects,
        "longest_line": max(len(line) for line in lines),
        "bare_lf": b"\n" in b"".join(lines),
    }


def raw_header(raw, name):
    """The header as sent, continuation lines included (to see its encoding)."""
    head = raw.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    out, taking = [], False
    for line in head:
        if line[:1] in (b" ", b"\t") and taking:
            out.append(line.decode("ascii", "replace"))
            continue
        taking = line.lower().startswith(name.lower() + b":")
        if taking:
            out.append(line.decode("ascii", "replace"))
    return "\r\n".join(out)


class Sink:
    def __init__(self, folder, answers):
        self.folder = folder
        self.answers = list(answers)
        self.attempts = 0

    async def handle_DATA(self, server, session, envelope):
        self.attempts += 1
        answer = self.answers.pop(0) if self.answers else "250 OK"
        record = describe(envelope.original_content or envelope.content, answer,
                          self.attempts, envelope)
        path = os.path.join(self.folder, "%04d.json" % self.attempts)
        with open(path + ".partial", "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False)
        os.rename(path + ".partial", path)
        return answer


def main():
    port, folder, answers = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    controller = Controller(Sink(folder, answers), hostname="127.0.0.1", port=port)
    controller.start()  # returns once the port accepts connections
    open(os.path.join(folder, "listening"), "w").close()  # for the test waiting on it
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
