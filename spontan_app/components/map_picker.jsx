// Interactive location picker: react-leaflet map centred on Balikpapan. A click (or a
// tap) moves the marker and reports the point; no tile server is contacted when
// tileUrl is empty (tests, offline kiosks).
import React from "react";
import { MapContainer, TileLayer, CircleMarker, useMapEvents } from "react-leaflet";
import "leaflet/dist/leaflet.css";

function ClickCatcher({ onPick }) {
  useMapEvents({
    click(e) {
      if (onPick) onPick(Number(e.latlng.lat.toFixed(6)), Number(e.latlng.lng.toFixed(6)));
    },
  });
  return null;
}

export default function MapPicker({ lat, lng, centerLat, centerLng, zoom, tileUrl, failedText, onPick, ...rest }) {
  const hasPoint = typeof lat === "number" && typeof lng === "number" && !Number.isNaN(lat) && !Number.isNaN(lng);
  const center = hasPoint ? [lat, lng] : [centerLat, centerLng];
  // Tiles that cannot load leave a grey box: say so, the coordinate fields still work.
  const [failed, setFailed] = React.useState(!tileUrl);
  return (
    <>
    <div {...rest}>
      <MapContainer center={center} zoom={zoom || 13} style={{ height: "100%", width: "100%" }} scrollWheelZoom={false}>
        {tileUrl ? (
          <TileLayer url={tileUrl} eventHandlers={{ tileerror: () => setFailed(true) }} attribution='&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>' />
        ) : null}
        <ClickCatcher onPick={onPick} />
        {hasPoint ? <CircleMarker center={[lat, lng]} radius={9} pathOptions={{ color: "#0b5cab", fillOpacity: 0.6 }} /> : null}
      </MapContainer>
    </div>
    {failed ? (
      <p role="status" className="map-note">
        {failedText || "Peta tidak dapat dimuat. Ketik koordinat lokasi pada kolom Latitude dan Longitude di bawah."}
      </p>
    ) : null}
    </>
  );
}
