#!/usr/bin/env python3
"""Generates Drift's package-name data: Python import name <-> distribution name, and the most
downloaded names of PyPI and npm.

Usage: Scripts/generate_package_names.py [--packages /work/.library/env/packages] [--top 15000]

Sources:
- every *.dist-info / *.egg-info under the site-packages and dist-packages folders of this machine
  (top_level.txt, else the top-level entries of RECORD / installed-files.txt);
- CURATED below, for well-known packages whose import name differs from their distribution name,
  whether or not they are installed here;
- pypi.tsv (its rank column) and npm.tsv (monthly downloads) from the package lists.

Output (embedded in Swift; see knowledge_output.py), three sections in this order:

    #import                      import name<TAB>distribution[,distribution...]
    #pypi                        PEP 503-normalised name<TAB>rank
    #npm                         name<TAB>rank

Every section is sorted by name (code point order, which is UTF-8 byte order) so that Drift can
binary-search it without building anything; rank 1 is the most downloaded.
"""
import argparse
import csv
import glob
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from knowledge_output import write_swift_data  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))

# import name -> distribution(s): the usual first.
CURATED = """
yaml PyYAML
_yaml PyYAML
cv2 opencv-python,opencv-python-headless,opencv-contrib-python,opencv-contrib-python-headless
PIL Pillow
sklearn scikit-learn
skimage scikit-image
bs4 beautifulsoup4
dateutil python-dateutil
jwt PyJWT
google.protobuf protobuf
attr attrs
OpenSSL pyOpenSSL
Crypto pycryptodome,pycrypto
Cryptodome pycryptodomex
serial pyserial
usb pyusb
magic python-magic
dotenv python-dotenv
docx python-docx
pptx python-pptx
git GitPython
github PyGithub
gitlab python-gitlab
telegram python-telegram-bot
discord discord.py
slack_sdk slack-sdk
slack slackclient
socketio python-socketio
engineio python-engineio
jose python-jose
multipart python-multipart
Levenshtein levenshtein,python-Levenshtein
fitz PyMuPDF
pymupdf PyMuPDF
zmq pyzmq
MySQLdb mysqlclient
psycopg2 psycopg2-binary,psycopg2
psycopg psycopg
mysql.connector mysql-connector-python
win32api pywin32
win32con pywin32
win32gui pywin32
win32com pywin32
pythoncom pywin32
pywintypes pywin32
wx wxPython
gi PyGObject
cairo pycairo
Xlib python-xlib
ldap python-ldap
kafka kafka-python
confluent_kafka confluent-kafka
google.cloud.storage google-cloud-storage
google.cloud.bigquery google-cloud-bigquery
google.cloud.pubsub google-cloud-pubsub
google.cloud.firestore google-cloud-firestore
google.generativeai google-generativeai
google.genai google-genai
googleapiclient google-api-python-client
google.auth google-auth
google.oauth2 google-auth
google_auth_oauthlib google-auth-oauthlib
grpc grpcio
grpc_tools grpcio-tools
faiss faiss-cpu,faiss-gpu
sentence_transformers sentence-transformers
huggingface_hub huggingface-hub
llama_cpp llama-cpp-python
mpl_toolkits matplotlib
pkg_resources setuptools
_cffi_backend cffi
Bio biopython
nacl PyNaCl
markdown Markdown
jinja2 Jinja2
sqlalchemy SQLAlchemy
flask Flask
werkzeug Werkzeug
dns dnspython
whois python-whois
umsgpack u-msgpack-python
memcache python-memcached
rediscluster redis-py-cluster
azure.storage.blob azure-storage-blob
azure.identity azure-identity
OpenGL PyOpenGL
sdl2 PySDL2
pyautogui PyAutoGUI
speech_recognition SpeechRecognition
gtts gTTS
soundfile soundfile
xlsxwriter XlsxWriter
tomli_w tomli-w
typing_extensions typing-extensions
charset_normalizer charset-normalizer
unidecode Unidecode
slugify python-slugify
shapely shapely
fiona fiona
osgeo GDAL
igraph igraph,python-igraph
scrapy Scrapy
pdfminer pdfminer.six
fpdf fpdf2,fpdf
barcode python-barcode
RPi RPi.GPIO
board Adafruit-Blinka
pyaudio PyAudio
vlc python-vlc
eyed3 eyeD3
pywt PyWavelets
Cython Cython
sqlite_utils sqlite-utils
tortoise tortoise-orm
apscheduler APScheduler
sentry_sdk sentry-sdk
prometheus_client prometheus-client
decouple python-decouple
environ django-environ
rest_framework djangorestframework
corsheaders django-cors-headers
django_filters django-filter
crispy_forms django-crispy-forms
debug_toolbar django-debug-toolbar
allauth django-allauth
storages django-storages
flask_sqlalchemy Flask-SQLAlchemy
flask_login Flask-Login
flask_cors Flask-Cors
flask_wtf Flask-WTF
flask_migrate Flask-Migrate
flask_restful Flask-RESTful
wtforms WTForms
_pytest pytest
faker Faker
factory factory-boy
vcr vcrpy
requests_mock requests-mock
nmap python-nmap
pyVmomi pyvmomi
argon2 argon2-cffi
gnupg python-gnupg
eth_account eth-account
binance python-binance
alpaca_trade_api alpaca-trade-api
pandas_datareader pandas-datareader
talib TA-Lib
facebook facebook-sdk
deep_translator deep-translator
newspaper newspaper3k
sphinx Sphinx
pygments Pygments
markupsafe MarkupSafe
ruamel.yaml ruamel.yaml
jsonpath_ng jsonpath-ng
pyasn1_modules pyasn1-modules
zope.interface zope.interface
backports.zoneinfo backports.zoneinfo
importlib_metadata importlib-metadata
importlib_resources importlib-resources
google.api_core google-api-core
opentelemetry opentelemetry-api
websocket websocket-client
lz4 lz4
snappy python-snappy
Image Pillow
tensorflow tensorflow
tf_keras tf-keras
keras keras
torch torch
mediapipe mediapipe
paddle paddlepaddle
dotmap dotmap
pydantic_settings pydantic-settings
debian python-debian
"""

# Wrong entries seen in installed metadata: Debian's setuptools lists `debian` as a top level.
NOT_PROVIDED_BY = {("debian", "setuptools")}

# Top-level names that distributions ship by mistake and that say nothing about the distribution.
NOT_IMPORTS = {"tests", "test", "testing", "docs", "doc", "examples", "example", "benchmarks", "bench",
               "scripts", "tools", "build", "src", "lib", "bin", "share", "include", "man"}


def normalize(name):
    """PEP 503: lower case, runs of -, _ and . become one -."""
    return re.sub(r"[-_.]+", "-", name).lower()


def site_dirs():
    patterns = ["/usr/lib/python3*/dist-packages", "/usr/lib/python3/dist-packages",
                "/usr/local/lib/python3*/dist-packages", "/usr/local/lib/python3*/site-packages",
                "/root/.pyenv/versions/*/lib/python3*/site-packages", "/opt/*/usr/local/lib/python3*/dist-packages",
                "/usr/lib/google-cloud-sdk/platform/bundledpythonunix/lib/python3*/site-packages"]
    found = set()
    for pattern in patterns:
        found.update(p for p in glob.glob(pattern) if os.path.isdir(p))
    return sorted(found)


def metadata_name(info_dir):
    for filename in ("METADATA", "PKG-INFO"):
        path = os.path.join(info_dir, filename) if os.path.isdir(info_dir) else info_dir
        if os.path.isfile(path):
            with open(path, encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    if line.startswith("Name:"):
                        return line.split(":", 1)[1].strip()
                    if not line.strip():
                        break
    base = os.path.basename(info_dir)
    return re.split(r"-\d", base.rsplit(".", 1)[0])[0]


def top_levels(info_dir):
    top_level = os.path.join(info_dir, "top_level.txt")
    if os.path.isfile(top_level):
        with open(top_level, encoding="utf-8", errors="replace") as handle:
            return {line.strip().replace("/", ".") for line in handle if line.strip()}
    names = set()
    for listing in ("RECORD", "installed-files.txt"):
        path = os.path.join(info_dir, listing)
        if not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8", errors="replace") as handle:
            for row in csv.reader(handle):
                if not row:
                    continue
                entry = os.path.normpath(os.path.join(info_dir if listing != "RECORD" else "", row[0])) if listing != "RECORD" else row[0]
                if listing != "RECORD":
                    entry = os.path.relpath(entry, os.path.dirname(info_dir))
                first = entry.split("/")[0]
                if first.startswith("..") or first.endswith((".dist-info", ".egg-info", ".data", ".pth")) or first == "__pycache__":
                    continue
                if "/" in entry:
                    names.add(first)
                elif first.endswith(".py"):
                    names.add(first[:-3])
                elif first.endswith((".so", ".pyd")):
                    names.add(first.split(".")[0])
        break
    return names


def installed_map():
    mapping = {}
    for site in site_dirs():
        for info_dir in sorted(glob.glob(os.path.join(site, "*.dist-info")) + glob.glob(os.path.join(site, "*.egg-info"))):
            distribution = metadata_name(info_dir)
            if not distribution or not os.path.isdir(info_dir):
                continue
            for name in top_levels(info_dir):
                if all(part.isidentifier() for part in name.split(".")) and name not in NOT_IMPORTS \
                        and not name.endswith(".libs") and (name, distribution) not in NOT_PROVIDED_BY:
                    mapping.setdefault(name, set()).add(distribution)
    return mapping


def popular_pypi(path, top):
    rows = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        name_column, rank_column = header.index("name"), next(i for i, h in enumerate(header) if h.startswith("rank"))
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) > rank_column and fields[rank_column].isdigit():
                rows.append((int(fields[rank_column]), normalize(fields[name_column])))
    seen, names = set(), []
    for _, name in sorted(rows):
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names[:top]


def popular_npm(path, top):
    rows = []
    with open(path, encoding="utf-8", errors="replace") as handle:
        header = handle.readline().rstrip("\n").split("\t")
        name_column, downloads_column = header.index("name"), next(i for i, h in enumerate(header) if h.startswith("downloads"))
        for line in handle:
            fields = line.rstrip("\n").split("\t")
            if len(fields) > downloads_column and fields[downloads_column].isdigit():
                rows.append((-int(fields[downloads_column]), fields[name_column]))
    return [name for _, name in sorted(rows)[:top]]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packages", default="/work/.library/env/packages")
    parser.add_argument("--top", type=int, default=15000)
    parser.add_argument("--output", default=os.path.join(HERE, "..", "Sources", "DriftKnowledge", "Generated", "PackageNamesData.swift"))
    args = parser.parse_args()

    mapping = {name: list(dists) for name, dists in ((n, sorted(d, key=str.lower)) for n, d in installed_map().items())}
    for line in CURATED.strip().splitlines():
        name, dists = line.split()
        curated = dists.split(",")
        # Curated first: it names the distribution people mean; installed ones follow.
        mapping[name] = curated + [d for d in mapping.get(name, []) if normalize(d) not in {normalize(c) for c in curated}]
    lines = ["#import"]
    for name in sorted(mapping):
        dists = mapping[name]
        # A name that is its own distribution adds nothing beyond what normalisation gives.
        if len(dists) == 1 and normalize(dists[0]) == normalize(name):
            continue
        lines.append("%s\t%s" % (name, ",".join(dists)))
    for section, names in (("pypi", popular_pypi(os.path.join(args.packages, "pypi.tsv"), args.top)),
                           ("npm", popular_npm(os.path.join(args.packages, "npm.tsv"), args.top))):
        lines.append("#" + section)
        lines.extend("%s\t%d" % (name, rank) for name, rank in sorted((n, r + 1) for r, n in enumerate(names)))
    write_swift_data(args.output, "PackageNamesData",
                     ["Python import <-> distribution names and the %d most downloaded PyPI and npm names," % args.top,
                      "generated by Scripts/generate_package_names.py; see the script for the format."], lines)


if __name__ == "__main__":
    main()
