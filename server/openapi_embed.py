#!/usr/bin/env python3
"""Turns docs/openapi.yaml into a C++ file holding it as compact JSON, which the server
answers at GET /api/v1/openapi.json. The catalogue's schema (docs/catalog.schema.json, the
one external $ref) is inlined, so the served document stands alone. Run by the build
(server/CMakeLists.txt) with Debian's python3-yaml.

    openapi_embed.py OPENAPI.yaml OUT.cpp
"""
import json
import os
import sys

import yaml


def inline_refs(node, folder):
    """Replaces every {"$ref": "./file.json"} with that file's JSON."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and not ref.startswith("#"):
            with open(os.path.join(folder, ref), encoding="utf-8") as f:
                return json.load(f)
        return {key: inline_refs(value, folder) for key, value in node.items()}
    if isinstance(node, list):
        return [inline_refs(item, folder) for item in node]
    return node


def main():
    source, out = sys.argv[1], sys.argv[2]
    with open(source, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    spec = inline_refs(spec, os.path.dirname(source))
    text = json.dumps(spec, ensure_ascii=True, separators=(",", ":"), default=str)
    delimiter = "mawid_openapi"
    if ")" + delimiter + '"' in text:
        sys.exit("openapi_embed: the document holds the raw string's delimiter")
    with open(out, "w", encoding="utf-8") as f:
        f.write("// Generated from docs/openapi.yaml by server/openapi_embed.py: do not edit.\n")
        f.write('#include "http/openapi.hpp"\n\nnamespace mawid::server {\n\n')
        f.write("std::string_view openapi_json() {\n")
        f.write(f'    static constexpr char kText[] = R"{delimiter}({text}){delimiter}";\n')
        f.write("    return {kText, sizeof kText - 1};\n}\n\n}  // namespace mawid::server\n")


if __name__ == "__main__":
    main()
