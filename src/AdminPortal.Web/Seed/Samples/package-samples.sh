#!/usr/bin/env bash
# Re-creates the clear HLS packages of the sample videos (run by hand; the app never runs it).
# The seed encrypts these segments with a fresh key per video, so `dotnet run` needs no ffmpeg.
# Usage: package-samples.sh <name> <source.mp4>   e.g. package-samples.sh welcome-tour ~/welcome-tour.mp4
set -euo pipefail
name=$1 source=$2
cd "$(dirname "$0")"
rm -rf "$name" && mkdir -p "$name"
ffmpeg -hide_banner -nostdin -y -i "$source" \
  -filter_complex "[0:v]split=2[a][b];[a]scale=-2:360[v360];[b]scale=-2:240[v240]" \
  -map "[v360]" -map 0:a:0 -map "[v240]" -map 0:a:0 \
  -c:v libx264 -preset veryfast -profile:v main -pix_fmt yuv420p -crf 28 -sc_threshold 0 \
  -force_key_frames "expr:gte(t,n_forced*4)" \
  -maxrate:v:0 500k -bufsize:v:0 1000k -maxrate:v:1 250k -bufsize:v:1 500k \
  -c:a aac -b:a 64k -ac 2 \
  -f hls -hls_time 4 -hls_playlist_type vod -hls_flags independent_segments \
  -hls_segment_filename "$name/%v/seg-%05d.ts" -master_pl_name master.m3u8 \
  -var_stream_map "v:0,a:0,name:360p v:1,a:1,name:240p" "$name/%v/index.m3u8"
