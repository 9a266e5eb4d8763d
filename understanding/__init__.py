"""Understanding: what one message (a text or a SpeechResult) says, for both channels."""
