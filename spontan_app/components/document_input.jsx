// One upload per requirement: a real file input (named after the requirement), sent
// straight to our private upload route with progress; the server checks the content.
import React, { useState, useRef } from "react";

export default function DocumentInput({ inputId, label, uploadUrl, accept, maxBytes, buttonText, progressLabel, tooBigText, failedText, offlineText, onResult }) {
  const [progress, setProgress] = useState(null);
  const input = useRef(null);

  function report(ok, message) {
    setProgress(null);
    if (input.current) input.current.value = "";
    if (onResult) onResult(ok, message || "");
  }

  function onChange(event) {
    const file = event.target.files && event.target.files[0];
    if (!file) return;
    if (maxBytes && file.size > maxBytes) {
      report(false, tooBigText || "Ukuran berkas melebihi batas " + Math.round(maxBytes / 1048576) + " MB.");
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open("POST", uploadUrl);
    xhr.setRequestHeader("X-Requested-With", "spontan");
    xhr.setRequestHeader("X-File-Name", encodeURIComponent(file.name));
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) setProgress(Math.round((e.loaded / e.total) * 100)); };
    xhr.onload = () => {
      let body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
      report(xhr.status === 200 && body.ok === true, body.message || (xhr.status === 200 ? "" : (failedText || "Unggah gagal.")));
    };
    xhr.onerror = () => report(false, offlineText || "Koneksi terputus saat mengunggah. Silakan coba lagi.");
    setProgress(0);
    xhr.send(file);
  }

  return (
    <div className="doc-input">
      <input ref={input} id={inputId} type="file" accept={accept} aria-label={label} onChange={onChange}
        className="file-input" disabled={progress !== null} />
      <label htmlFor={inputId} className="upload-button" aria-hidden="true">{buttonText}</label>
      {progress !== null ? (
        <progress value={progress} max={100} aria-label={progressLabel || "Progres unggah " + label}>{progress}%</progress>
      ) : null}
    </div>
  );
}
